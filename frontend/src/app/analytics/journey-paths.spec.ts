import type { JourneyGraph } from '../api/api-models';
import { defaultFunnelPath, splitPaths } from './journey-paths';

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, config });
const edge = (from: string, to: string, output = 'next') => ({ from, to, output });

const AB: JourneyGraph = {
  nodes: [
    node('entry', 'manual_entry'),
    node('split', 'ab_split', {
      variants: [
        { name: 'a', percent: 50 },
        { name: 'b', percent: 50 },
      ],
    }),
    node('mail_a', 'send_email'),
    node('mail_b', 'send_email'),
    node('goal', 'goal_reached'),
    node('done', 'exit'),
  ],
  edges: [
    edge('entry', 'split'),
    edge('split', 'mail_a', 'variant:a'),
    edge('split', 'mail_b', 'variant:b'),
    edge('mail_a', 'goal'),
    edge('mail_b', 'goal'),
    edge('goal', 'done'),
  ],
};

describe('defaultFunnelPath', () => {
  it('follows each node’s first output from the entry to the end', () => {
    expect(defaultFunnelPath(AB)).toEqual(['entry', 'split', 'mail_a', 'goal', 'done']);
  });

  it('is empty for a graph without an entry node', () => {
    expect(defaultFunnelPath({ nodes: [node('x', 'exit')], edges: [] })).toEqual([]);
  });
});

describe('splitPaths', () => {
  it('measures each variant by a funnel through its target and, when one goal follows, on to it', () => {
    expect(splitPaths(AB)).toEqual([
      {
        splitId: 'split',
        note: null,
        variants: [
          {
            variant: 'a',
            target: 'mail_a',
            goal: 'goal',
            entered: ['split', 'mail_a'],
            converted: ['split', 'mail_a', 'goal'],
          },
          {
            variant: 'b',
            target: 'mail_b',
            goal: 'goal',
            entered: ['split', 'mail_b'],
            converted: ['split', 'mail_b', 'goal'],
          },
        ],
      },
    ]);
  });

  it('counts no conversions, and says why, when no goal node follows the split', () => {
    const noGoal: JourneyGraph = {
      nodes: AB.nodes.filter((n) => n.id !== 'goal'),
      edges: [
        edge('entry', 'split'),
        edge('split', 'mail_a', 'variant:a'),
        edge('split', 'mail_b', 'variant:b'),
      ],
    };
    const [split] = splitPaths(noGoal);
    expect(split?.variants.map((v) => v.converted)).toEqual([null, null]);
    expect(split?.note).toContain('No goal_reached node');
  });

  it('leaves a variant without an edge unmeasured', () => {
    const open: JourneyGraph = { nodes: AB.nodes, edges: AB.edges.filter((e) => e.output !== 'variant:b') };
    expect(splitPaths(open)[0]?.variants[1]).toMatchObject({ variant: 'b', target: null, entered: null });
  });
});
