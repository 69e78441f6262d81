/** diffVersions, proposeMapping, resolveMapping and validateMapping. */
import { graph, type EdgeSpec, type NodeSpec } from '../__tests__/harness';
import { diffVersions } from './diff-versions';
import { resolveMapping, validateMapping, type NodeMapping, type RemovedNodePolicy } from './node-mapping';
import { configSimilarity, proposeMapping } from './propose-mapping';

const chain = (ids: string[]): EdgeSpec[] => ids.slice(1).map((id, i) => [ids[i], 'next', id]);

const v1Nodes: NodeSpec[] = [
  ['start', 'manual_entry'],
  ['welcome', 'send_email', { template: 'welcome', subject: 'Hi' }],
  ['pause', 'wait', { duration: 'P3D' }],
  ['nudge', 'send_email', { template: 'nudge' }],
];
const v1 = graph(v1Nodes, chain(['start', 'welcome', 'pause', 'nudge']), {
  exitCriteria: 'customer.unsubscribed == true',
  goal: { event: 'purchase' },
});

describe('diffVersions', () => {
  it('lists added, removed and changed nodes (with the changed config fields), edges, exit criteria and goal', () => {
    const v2 = graph(
      [
        ['start', 'manual_entry'],
        ['welcome', 'send_email', { template: 'welcome-2', from: 'team@example.com', subject: 'Hi' }],
        ['pause', 'wait_for_event', { event: 'opened', timeout: 'P3D' }],
        ['offer', 'send_sms', { body: 'Offer' }],
      ],
      [
        ['start', 'next', 'welcome'],
        ['welcome', 'next', 'pause'],
        ['pause', 'event', 'offer'],
      ],
      { goal: { event: 'purchase', exitOnGoal: true } },
    );
    expect(diffVersions(v1, v2)).toEqual({
      addedNodes: ['offer'],
      removedNodes: ['nudge'],
      changedNodes: [
        { id: 'welcome', changedFields: ['from', 'template'] },
        {
          id: 'pause',
          type: { from: 'wait', to: 'wait_for_event' },
          changedFields: ['duration', 'event', 'timeout'],
        },
      ],
      addedEdges: [{ from: 'pause', to: 'offer', output: 'event' }],
      removedEdges: [{ from: 'pause', to: 'nudge', output: 'next' }],
      exitCriteria: { from: 'customer.unsubscribed == true' },
      goal: { from: { event: 'purchase' }, to: { event: 'purchase', exitOnGoal: true } },
    });
  });

  it('is empty between a graph and its copy, and ignores canvas positions', () => {
    const copy = JSON.parse(JSON.stringify(v1)) as typeof v1;
    copy.nodes[1].position = { x: 10, y: 20 };
    expect(diffVersions(v1, copy)).toEqual({
      addedNodes: [],
      removedNodes: [],
      changedNodes: [],
      addedEdges: [],
      removedEdges: [],
    });
  });
});

describe('proposeMapping', () => {
  it('maps the same id first, even when the type changed (validation then speaks up)', () => {
    const v2 = graph(
      [
        ['start', 'manual_entry'],
        ['welcome', 'send_sms', { body: 'Hi' }],
      ],
      chain(['start', 'welcome']),
    );
    expect(proposeMapping(v1, v2)).toEqual({
      mapping: { start: 'start', welcome: 'welcome' },
      unmapped: ['pause', 'nudge'],
    });
  });

  it('maps a renamed node to the new node of the same type with the most similar config and position', () => {
    const v2 = graph(
      [
        ['start', 'manual_entry'],
        ['hello', 'send_email', { template: 'welcome', subject: 'Hello' }],
        ['pause', 'wait', { duration: 'P3D' }],
        ['reminder', 'send_email', { template: 'nudge' }],
        ['bonus', 'send_email', { template: 'bonus' }],
      ],
      chain(['start', 'hello', 'pause', 'reminder', 'bonus']),
    );
    expect(proposeMapping(v1, v2)).toEqual({
      mapping: { start: 'start', welcome: 'hello', pause: 'pause', nudge: 'reminder' },
      unmapped: [],
    });
  });

  it('leaves a node unmapped when no new node of its type is similar enough', () => {
    const v2 = graph(
      [
        ['start', 'manual_entry'],
        ['other', 'send_email', { template: 'something-else', from: 'x@example.com' }],
      ],
      [['start', 'next', 'other']],
    );
    const proposal = proposeMapping(v1, v2);
    expect(proposal.unmapped).toEqual(['welcome', 'pause', 'nudge']);
  });

  it('scores config similarity as the share of equal top-level entries', () => {
    expect(configSimilarity({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] })).toBe(1);
    expect(configSimilarity({ a: 1, b: 2 }, { a: 1, c: 2 })).toBeCloseTo(1 / 3);
    expect(configSimilarity({}, {})).toBe(1);
  });
});

describe('resolveMapping', () => {
  const v2 = graph(
    [
      ['start', 'manual_entry'],
      ['welcome', 'send_email', { template: 'welcome', subject: 'Hi' }],
      ['later', 'send_email', { template: 'later' }],
    ],
    chain(['start', 'welcome', 'later']),
  );

  it('is the proposal overridden by edits, with the default policy for every node left over', () => {
    expect(resolveMapping(v1, v2, { nudge: 'later' }, 'exit')).toEqual({
      start: 'start',
      welcome: 'welcome',
      pause: { policy: 'exit' },
      nudge: 'later',
    });
    expect(resolveMapping(v1, v2, undefined)).toEqual({ start: 'start', welcome: 'welcome' });
  });
});

describe('validateMapping', () => {
  const v2 = graph(
    [
      ['start', 'manual_entry'],
      ['welcome', 'send_email', { template: 'welcome' }],
      ['pause', 'wait', { duration: 'P5D' }],
      ['ask', 'wait_for_event', { event: 'opened' }],
      ['end', 'send_email', { template: 'end' }],
    ],
    [...chain(['start', 'welcome', 'pause', 'ask']), ['ask', 'event', 'end']],
  );
  const check = (
    mapping: NodeMapping,
    occupied: string[],
    policy?: RemovedNodePolicy,
  ): Array<[string, string]> =>
    validateMapping(v1, v2, mapping, new Set(occupied), policy).map((p) => [p.code, p.nodeId]);

  it('accepts a complete mapping', () => {
    expect(
      check({ start: 'start', welcome: 'welcome', pause: 'pause', nudge: 'end' }, ['pause', 'nudge']),
    ).toEqual([]);
  });

  it('names unknown old and new nodes', () => {
    expect(check({ ghost: 'pause', pause: 'nowhere' }, [])).toEqual([
      ['unknown_old_node', 'ghost'],
      ['unknown_new_node', 'pause'],
    ]);
  });

  it('rejects a wrong-kind target under waiting customers, and policies that do not exist', () => {
    expect(check({ pause: 'ask', nudge: { policy: 'teleport' } as never }, ['pause'])).toEqual([
      ['type_mismatch', 'pause'],
      ['invalid_policy', 'nudge'],
    ]);
    expect(check({}, [], 'later' as never)).toEqual([['invalid_policy', '*']]);
  });

  it('rejects an occupied node without counterpart or policy, unless a default policy covers it', () => {
    expect(check({ pause: 'pause' }, ['pause', 'nudge'])).toEqual([['unmapped_occupied_node', 'nudge']]);
    expect(check({ pause: 'pause' }, ['pause', 'nudge'], 'hold')).toEqual([]);
  });

  it('rejects mapping a node to an entry', () => {
    expect(check({ welcome: 'start' }, [])).toEqual([['maps_to_entry', 'welcome']]);
  });

  it('says what to fix, naming the node', () => {
    const [problem] = validateMapping(v1, v2, {}, new Set(['nudge']));
    expect(problem.message).toMatch(/"nudge".*map it to a new node or give it a policy/);
  });
});
