import type { JourneyGraph } from '../api/api-models';
import { compareGraphs, describeDiff, diffCanvasGraph } from './graph-diff';

const v1: JourneyGraph = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'wait', type: 'wait', config: { duration: 'P3D' } },
    { id: 'nudge', type: 'send_email', config: { template: 'nudge' } },
  ],
  edges: [
    { from: 'entry', to: 'wait', output: 'next' },
    { from: 'wait', to: 'nudge', output: 'next' },
  ],
};
const v2: JourneyGraph = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'wait', type: 'wait', config: { duration: 'P5D' } },
    { id: 'sms', type: 'send_sms', config: { template: 'nudge' } },
  ],
  edges: [
    { from: 'entry', to: 'wait', output: 'next' },
    { from: 'wait', to: 'sms', output: 'next' },
  ],
};

describe('compareGraphs', () => {
  it('finds the added, removed and changed nodes and edges of a proposal', () => {
    const diff = compareGraphs(v1, v2);
    expect(diff.addedNodes).toEqual(['sms']);
    expect(diff.removedNodes).toEqual(['nudge']);
    expect(diff.changedNodes).toEqual([{ id: 'wait', changedFields: ['duration'] }]);
    expect(diff.addedEdges).toEqual([{ from: 'wait', to: 'sms', output: 'next' }]);
    expect(diff.removedEdges).toEqual([{ from: 'wait', to: 'nudge', output: 'next' }]);
  });

  it('reports a change of kind and of name', () => {
    const renamed: JourneyGraph = {
      nodes: [{ id: 'wait', type: 'wait_until', config: { duration: 'P3D' }, name: 'Until Monday' }],
      edges: [],
    };
    expect(compareGraphs({ nodes: [v1.nodes[1]!], edges: [] }, renamed).changedNodes).toEqual([
      { id: 'wait', type: { from: 'wait', to: 'wait_until' }, changedFields: ['name'] },
    ]);
  });
});

describe('diffCanvasGraph', () => {
  it('shows the new graph plus what it lost, each marked, every node placed', () => {
    const canvas = diffCanvasGraph(v1, v2, compareGraphs(v1, v2));
    expect(canvas.nodes.map((n) => [n.id, n.mark])).toEqual([
      ['entry', 'same'],
      ['wait', 'changed'],
      ['sms', 'added'],
      ['nudge', 'removed'],
    ]);
    expect(canvas.edges.map((e) => [e.to, e.mark])).toEqual([
      ['wait', 'same'],
      ['sms', 'added'],
      ['nudge', 'removed'],
    ]);
    const pos = new Map(canvas.nodes.map((n) => [n.id, n.position!]));
    expect(pos.get('sms')!.x).toBe(pos.get('nudge')!.x);
    expect(pos.get('sms')!.y).not.toBe(pos.get('nudge')!.y);
  });

  it('says each change in words', () => {
    expect(describeDiff(compareGraphs(v1, v2))).toEqual([
      'added node sms',
      'removed node nudge',
      'changed wait: duration',
      'added edge wait → sms (next)',
      'removed edge wait → nudge (next)',
    ]);
  });
});
