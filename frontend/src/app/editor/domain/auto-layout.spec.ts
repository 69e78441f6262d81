import type { JourneyGraph } from '../../api/api-models';
import { autoLayout, COLUMN_WIDTH, needsLayout } from './auto-layout';

const demo: JourneyGraph = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'welcome', type: 'send_email', config: {} },
    { id: 'wait_open', type: 'wait_for_event', config: {} },
    { id: 'upsell', type: 'send_email', config: {} },
    { id: 'reminder', type: 'send_email', config: {} },
  ],
  edges: [
    { from: 'entry', to: 'welcome', output: 'next' },
    { from: 'welcome', to: 'wait_open', output: 'next' },
    { from: 'wait_open', to: 'upsell', output: 'event' },
    { from: 'wait_open', to: 'reminder', output: 'timeout' },
  ],
};

describe('autoLayout', () => {
  it('puts each node one column right of its furthest parent', () => {
    const at = autoLayout(demo);
    expect(['entry', 'welcome', 'wait_open', 'upsell'].map((id) => at.get(id)!.x)).toEqual([
      0,
      COLUMN_WIDTH,
      2 * COLUMN_WIDTH,
      3 * COLUMN_WIDTH,
    ]);
  });

  it('stacks the branches of one node in its column, in edge order, without overlap', () => {
    const at = autoLayout(demo);
    expect(at.get('upsell')!.x).toBe(at.get('reminder')!.x);
    expect(at.get('upsell')!.y).toBeLessThan(at.get('reminder')!.y);
  });

  it('places a node joined from two branches after both', () => {
    const joined: JourneyGraph = {
      nodes: [...demo.nodes, { id: 'done', type: 'exit', config: {} }],
      edges: [
        ...demo.edges,
        { from: 'upsell', to: 'done', output: 'next' },
        { from: 'welcome', to: 'done', output: 'error' },
      ],
    };
    expect(autoLayout(joined).get('done')!.x).toBe(4 * COLUMN_WIDTH);
  });

  it('still lays out a graph with a cycle (the validator reports the cycle)', () => {
    const cyclic: JourneyGraph = {
      nodes: [
        { id: 'a', type: 'wait', config: {} },
        { id: 'b', type: 'wait', config: {} },
      ],
      edges: [
        { from: 'a', to: 'b', output: 'next' },
        { from: 'b', to: 'a', output: 'next' },
      ],
    };
    expect(autoLayout(cyclic).size).toBe(2);
  });

  it('is needed when any node has no position', () => {
    expect(needsLayout(demo)).toBe(true);
    const placed = { ...demo, nodes: demo.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) };
    expect(needsLayout(placed)).toBe(false);
  });
});
