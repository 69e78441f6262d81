import type { JourneyGraph } from '../../api/api-models';
import { outputsOf } from '../../catalogue/node-outputs';
import { addNode, connect, newNodeId, pruneEdges, removeNode, updateNode } from './graph-edits';

const graph: JourneyGraph = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'split', type: 'ab_split', config: { variants: [{ name: 'a' }, { name: 'b' }] } },
    { id: 'exit_1', type: 'exit', config: {} },
  ],
  edges: [
    { from: 'entry', to: 'split', output: 'next' },
    { from: 'split', to: 'exit_1', output: 'variant:a' },
  ],
};

describe('graph edits', () => {
  it('names a new node after its kind with the first free number', () => {
    expect(newNodeId(graph, 'exit')).toBe('exit_2');
    expect(newNodeId(graph, 'wait')).toBe('wait_1');
  });

  it('replaces the edge of an output that is connected again: an output leads to one node', () => {
    const next = connect(addNode(graph, { id: 'x', type: 'exit', config: {} }), {
      from: 'split',
      to: 'x',
      output: 'variant:a',
    });
    expect(next.edges.filter((e) => e.from === 'split')).toEqual([
      { from: 'split', to: 'x', output: 'variant:a' },
    ]);
    expect(graph.edges).toHaveLength(2);
  });

  it('ignores an edge from a node to itself', () => {
    expect(connect(graph, { from: 'split', to: 'split', output: 'variant:b' })).toBe(graph);
  });

  it('removes a node with every edge that touches it', () => {
    const next = removeNode(graph, 'split');
    expect(next.nodes.map((n) => n.id)).toEqual(['entry', 'exit_1']);
    expect(next.edges).toEqual([]);
  });

  it('drops the edges of an output the new config no longer has (a removed A/B variant)', () => {
    const renamed = updateNode(graph, 'split', { config: { variants: [{ name: 'c' }, { name: 'b' }] } });
    const pruned = pruneEdges(renamed, (n) => outputsOf(n.type, n.config));
    expect(pruned.edges).toEqual([{ from: 'entry', to: 'split', output: 'next' }]);
  });

  it('clears the display name when it is emptied', () => {
    const named = updateNode(graph, 'entry', { name: 'Signed up' });
    expect(named.nodes[0]!.name).toBe('Signed up');
    expect('name' in updateNode(named, 'entry', { name: '' }).nodes[0]!).toBe(false);
  });
});
