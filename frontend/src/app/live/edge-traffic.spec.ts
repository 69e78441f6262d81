import type { GraphEdge, JournalStep } from '../api/api-models';
import { TravelLimit, edgesTaken } from './edge-traffic';

const edges: GraphEdge[] = [
  { from: 'entry', to: 'split', output: 'next' },
  { from: 'split', to: 'tag_a', output: 'variant:a' },
  { from: 'split', to: 'tag_b', output: 'variant:b' },
  { from: 'tag_a', to: 'hold', output: 'next' },
];

const step = (events: JournalStep['events']): JournalStep => ({
  journeyId: 'jr_1',
  version: 1,
  instanceId: 'in_1',
  customerId: 'c1',
  events,
});

describe('edgesTaken', () => {
  it('names each edge a step left a node by, in order', () => {
    const entered = step([
      { type: 'node.entered', nodeId: 'entry' },
      { type: 'node.exited', nodeId: 'entry', data: { output: 'next' } },
      { type: 'node.entered', nodeId: 'split' },
      { type: 'node.exited', nodeId: 'split', data: { output: 'variant:a' } },
      { type: 'node.entered', nodeId: 'tag_a' },
      { type: 'node.exited', nodeId: 'tag_a', data: { output: 'next' } },
      { type: 'node.entered', nodeId: 'hold' },
    ]);
    expect(edgesTaken(entered, edges)).toEqual([
      'edge|entry|next',
      'edge|split|variant:a',
      'edge|tag_a|next',
    ]);
  });

  it('leaves out edges the canvas does not have, and exits without an output', () => {
    const other = step([
      { type: 'node.exited', nodeId: 'split', data: { output: 'variant:c' } },
      { type: 'node.exited', nodeId: 'gone', data: { output: 'next' } },
      { type: 'node.exited', nodeId: 'entry' },
      { type: 'journey.completed' },
    ]);
    expect(edgesTaken(other, edges)).toEqual([]);
  });
});

describe('TravelLimit', () => {
  it('lets at most max run at once, counts the dropped ones, and frees a place when one ends', () => {
    const limit = new TravelLimit(2);
    expect([limit.tryStart(), limit.tryStart(), limit.tryStart()]).toEqual([true, true, false]);
    expect([limit.active, limit.dropped]).toEqual([2, 1]);
    limit.end();
    expect(limit.tryStart()).toBe(true);
    expect(limit.tryStart()).toBe(false);
    expect([limit.active, limit.dropped]).toEqual([2, 2]);
    limit.reset();
    expect(limit.active).toBe(0);
  });
});
