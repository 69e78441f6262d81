import type { JourneyGraph } from '../api/api-models';
import { defaultFunnelPath } from './journey-paths';

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
