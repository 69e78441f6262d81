import { graph, type EdgeSpec, type NodeSpec } from '../__tests__/harness';
import { US1_JOURNEY } from '../__tests__/us1-journey';
import type { ValidationCode, ValidationIssue } from './index';
import { validateGraph } from './index';

const ENTRY: NodeSpec = ['start', 'manual_entry'];
const WELCOME: NodeSpec = ['welcome', 'send_email', { template: 'welcome' }];
const CHECK: NodeSpec = ['check', 'condition', { expression: 'customer.vip' }];

const g = (nodes: NodeSpec[], edges: EdgeSpec[], extra = {}): unknown => graph(nodes, edges, extra);

interface Spec {
  title: string;
  input: unknown;
  /** The issues validateGraph must return, exactly. */
  issues: ValidationIssue[];
}

// One specification per code; the Record type makes a new code without a specification a compile error.
const SPECIFICATIONS: Record<ValidationCode, Spec> = {
  invalid_shape: {
    title: 'a graph that is not an object with nodes and edges arrays',
    input: { nodes: [] },
    issues: [
      { code: 'invalid_shape', path: 'edges', message: 'The graph needs a "edges" array (it may be empty)' },
    ],
  },
  duplicate_node_id: {
    title: 'two nodes with the same id',
    input: g([ENTRY, ['start', 'exit']], []),
    issues: [
      {
        code: 'duplicate_node_id',
        nodeId: 'start',
        path: 'nodes[1].id',
        message: 'Node id "start" is used by nodes[0] and nodes[1]; give each node a unique id',
      },
    ],
  },
  unknown_node_type: {
    title: 'a node type the engine does not have, listing the known types',
    input: {
      nodes: [
        { id: 'start', type: 'manual_entry', config: {} },
        { id: 'sms', type: 'pigeon', config: {} },
      ],
      edges: [{ from: 'start', to: 'sms', output: 'next' }],
    },
    issues: [
      {
        code: 'unknown_node_type',
        nodeId: 'sms',
        path: 'nodes[1].type',
        message:
          'Node "sms" has unknown type "pigeon"; use one of: manual_entry, event_entry, segment_entry, ' +
          'webhook_entry, scheduled_entry, send_email, send_sms, send_push, send_whatsapp, call_webhook, ' +
          'wait, wait_until, wait_for_event, condition, ab_split, frequency_cap, parallel, update_profile, ' +
          'add_tag, remove_tag, custom_code, goal_reached, exit, end',
      },
    ],
  },
  invalid_config: {
    title: 'a config field with a bad value, with its path',
    input: g([ENTRY, ['pause', 'wait', { duration: 'P1M' }]], [['start', 'next', 'pause']]),
    issues: [
      {
        code: 'invalid_config',
        nodeId: 'pause',
        path: 'nodes[1].config.duration',
        message:
          'Node "pause" (wait): "duration": Invalid duration "P1M": months have no fixed length; use days instead ' +
          '(e.g. P30D for about a month, P365D for a year)',
      },
    ],
  },
  no_entry: {
    title: 'a journey without an entry node',
    input: g([WELCOME], []),
    issues: [
      {
        code: 'no_entry',
        message:
          'The journey has no entry node; add a manual_entry or event_entry node and connect it to the first step',
      },
    ],
  },
  dangling_edge: {
    title: 'an edge naming a node that does not exist',
    input: g([ENTRY], [['start', 'next', 'ghost']]),
    issues: [
      {
        code: 'dangling_edge',
        edge: { from: 'start', to: 'ghost', output: 'next' },
        path: 'edges[0].to',
        message:
          'Edge "start" -next-> "ghost" points to "ghost", which is not a node; point it at an existing node or remove it',
      },
    ],
  },
  invalid_output: {
    title: 'an edge leaving by a label its node does not have, listing the allowed ones',
    input: g(
      [ENTRY, CHECK, WELCOME, ['bye', 'exit']],
      [
        ['start', 'next', 'check'],
        ['check', 'next', 'welcome'],
        ['check', 'true', 'welcome'],
        ['check', 'false', 'bye'],
      ],
    ),
    issues: [
      {
        code: 'invalid_output',
        nodeId: 'check',
        edge: { from: 'check', to: 'welcome', output: 'next' },
        path: 'edges[1].output',
        message: 'Node "check" (condition) has no output "next" (edge to "welcome"); use "true" or "false"',
      },
    ],
  },
  missing_output: {
    title: 'a condition without its false branch',
    input: g(
      [ENTRY, CHECK, WELCOME],
      [
        ['start', 'next', 'check'],
        ['check', 'true', 'welcome'],
      ],
    ),
    issues: [
      {
        code: 'missing_output',
        nodeId: 'check',
        message:
          'Node "check" (condition) has no "false" edge; add an edge leaving by "false" ' +
          '(a condition needs both a "true" and a "false" edge)',
      },
    ],
  },
  duplicate_output: {
    title: 'two edges leaving a node by the same output',
    input: g(
      [ENTRY, WELCOME, ['other', 'send_email', { template: 'x' }]],
      [
        ['start', 'next', 'welcome'],
        ['start', 'next', 'other'],
      ],
    ),
    issues: [
      {
        code: 'duplicate_output',
        nodeId: 'start',
        edge: { from: 'start', to: 'other', output: 'next' },
        path: 'edges[1]',
        message:
          'Node "start" (manual_entry) has two edges leaving by "next" (to "welcome" and "other"); ' +
          'an output leads to one node: keep one edge',
      },
    ],
  },
  edge_into_entry: {
    title: 'an edge into an entry node',
    input: g(
      [ENTRY, ['on_event', 'event_entry', { event: 'x' }], WELCOME],
      [
        ['on_event', 'next', 'welcome'],
        ['welcome', 'next', 'start'],
      ],
    ),
    issues: [
      {
        code: 'edge_into_entry',
        nodeId: 'start',
        edge: { from: 'welcome', to: 'start', output: 'next' },
        path: 'edges[1].to',
        message:
          'Edge "welcome" -next-> "start" leads into entry Node "start" (manual_entry); ' +
          'entry nodes only start the journey: point the edge at another node',
      },
    ],
  },
  cycle: {
    title: 'a loop, naming the nodes on it',
    input: g(
      [
        ENTRY,
        ['a', 'send_email', { template: 'a' }],
        ['b', 'wait', { duration: 'P1D' }],
        ['c', 'condition', { expression: 'true' }],
        ['d', 'exit'],
      ],
      [
        ['start', 'next', 'a'],
        ['a', 'next', 'b'],
        ['b', 'next', 'c'],
        ['c', 'true', 'a'],
        ['c', 'false', 'd'],
      ],
    ),
    issues: [
      {
        code: 'cycle',
        nodeId: 'a',
        nodeIds: ['a', 'b', 'c'],
        message:
          'Nodes "a", "b", "c" form a cycle (a -> b -> c -> a); journeys must not loop back: ' +
          'remove or redirect one of these edges',
      },
    ],
  },
  orphan_node: {
    title: 'a node nothing leads to',
    input: g([ENTRY, WELCOME], []),
    issues: [
      {
        code: 'orphan_node',
        nodeId: 'welcome',
        message:
          'Node "welcome" (send_email) has no incoming edge, so no customer can reach it; connect an edge to it or remove it',
      },
    ],
  },
  unreachable_node: {
    title: 'a node fed only by an orphan (the orphan is reported once, as an orphan)',
    input: g([ENTRY, WELCOME, ['later', 'exit']], [['welcome', 'next', 'later']]),
    issues: [
      expect.objectContaining({ code: 'orphan_node', nodeId: 'welcome' }) as ValidationIssue,
      {
        code: 'unreachable_node',
        nodeId: 'later',
        message:
          'Node "later" (exit) cannot be reached from any entry node (its incoming edges come from "welcome", ' +
          "which no customer reaches); connect it to the journey's path or remove it",
      },
    ],
  },
  invalid_exit_criteria: {
    title: 'exit criteria that do not parse',
    input: g([ENTRY], [], { exitCriteria: 'customer.unsubscribed = true' }),
    issues: [
      {
        code: 'invalid_exit_criteria',
        path: 'exitCriteria',
        message:
          "Exit criteria: Unexpected character '=' at column 23 of \"customer.unsubscribed = true\" (use '==' to compare)",
      },
    ],
  },
  invalid_goal: {
    title: 'a goal without its event',
    input: g([ENTRY], [], { goal: { exitOnGoal: true } }),
    issues: [
      {
        code: 'invalid_goal',
        path: 'goal',
        message: 'Goal: "event" must name the conversion event, e.g. "purchase_completed"',
      },
    ],
  },
};

describe('validateGraph', () => {
  it('accepts the US-1 journey', () => expect(validateGraph(US1_JOURNEY)).toEqual({ ok: true, errors: [] }));

  it('accepts ends of paths, several entries, a shared downstream node, exit criteria and a goal', () => {
    const input = g(
      [
        ENTRY,
        ['on_signup', 'event_entry', { event: 'signed_up' }],
        WELCOME,
        ['w', 'wait_for_event', { event: 'x' }],
      ],
      [
        ['start', 'next', 'welcome'],
        ['on_signup', 'next', 'welcome'],
        ['welcome', 'next', 'w'],
      ],
      { exitCriteria: 'customer.unsubscribed == true', goal: { event: 'purchase', exitOnGoal: true } },
    );
    expect(validateGraph(input).errors).toEqual([]);
  });

  const cases = Object.entries(SPECIFICATIONS).map(([code, spec]) => [code, spec.title, spec] as const);
  it.each(cases)('%s: rejects %s', (_code, _title, { input, issues }) => {
    expect(validateGraph(input)).toEqual({ ok: false, errors: issues });
  });
});
