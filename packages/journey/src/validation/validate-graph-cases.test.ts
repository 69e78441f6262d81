/** Variants of the validation codes specified in validate-graph.test.ts, and assertValidGraph. */
import { graph, type EdgeSpec, type NodeSpec } from '../__tests__/harness';
import { US1_JOURNEY } from '../__tests__/us1-journey';
import { JourneyValidationError, assertValidGraph, validateGraph } from './index';

const ENTRY: NodeSpec = ['start', 'manual_entry'];
const WELCOME: NodeSpec = ['welcome', 'send_email', { template: 'welcome' }];

const g = (nodes: NodeSpec[], edges: EdgeSpec[], extra = {}): unknown => graph(nodes, edges, extra);
const codes = (input: unknown): Array<string | undefined> =>
  validateGraph(input).errors.map((i) => i.path ?? i.code);

describe('validateGraph, more cases', () => {
  it('invalid_shape: not an object; nodes without ids; malformed edges; bad display fields', () => {
    expect(validateGraph(null).errors[0].message).toBe(
      'A journey graph must be a JSON object with "nodes" and "edges" arrays',
    );
    const malformed = {
      nodes: [{ type: 'manual_entry', config: {} }, 'oops', { id: 'a|b', type: 'exit', config: {} }],
      edges: [{ from: 'x' }],
    };
    expect(codes(malformed)).toEqual(['nodes[0].id', 'nodes[1]', 'nodes[2].id', 'edges[0]', 'no_entry']);
    expect(validateGraph(malformed).errors[0].message).toContain(
      'needs an "id": 1-100 letters, digits or _ . : -',
    );
    const display = {
      nodes: [{ id: 's', type: 'manual_entry', config: {}, name: 5, position: { x: 1 } }],
      edges: [],
    };
    expect(codes(display)).toEqual(['nodes[0].name', 'nodes[0].position']);
  });

  it('dangling_edge: from a node that does not exist', () => {
    const [issue] = validateGraph(
      g(
        [ENTRY, WELCOME],
        [
          ['start', 'next', 'welcome'],
          ['ghost', 'next', 'welcome'],
        ],
      ),
    ).errors;
    expect(issue.message).toBe(
      'Edge "ghost" -next-> "welcome" starts at "ghost", which is not a node; point it at an existing node or remove it',
    );
  });

  it('invalid_output: an edge out of an exit node, or a timeout edge without a timeout', () => {
    const fromExit = validateGraph(
      g(
        [ENTRY, ['bye', 'exit'], WELCOME],
        [
          ['start', 'next', 'bye'],
          ['bye', 'next', 'welcome'],
        ],
      ),
    );
    expect(fromExit.errors.map((i) => i.message)).toEqual([
      'Node "bye" (exit) ends the journey and has no outputs; remove the edge to "welcome"',
    ]);
    const timeout = validateGraph(
      g(
        [ENTRY, ['w', 'wait_for_event', { event: 'opened' }], WELCOME],
        [
          ['start', 'next', 'w'],
          ['w', 'timeout', 'welcome'],
        ],
      ),
    );
    expect(timeout.errors.map((i) => i.message)).toEqual([
      'Node "w" (wait_for_event) has a "timeout" edge but no timeout; set config.timeout (e.g. "P3D") or remove the edge',
    ]);
  });

  it('missing_output: a wait_for_event with a timeout needs both event and timeout edges', () => {
    const input = g(
      [ENTRY, ['w', 'wait_for_event', { event: 'opened', timeout: 'P1D' }], WELCOME],
      [
        ['start', 'next', 'w'],
        ['w', 'event', 'welcome'],
      ],
    );
    expect(validateGraph(input).errors.map((i) => i.message)).toEqual([
      'Node "w" (wait_for_event) has no "timeout" edge; add an edge leaving by "timeout" ' +
        '(a wait_for_event with a timeout needs both an "event" and a "timeout" edge)',
    ]);
  });

  it('cycle: a node pointing at itself', () => {
    const input = g(
      [ENTRY, ['w', 'wait', { duration: 'PT1M' }]],
      [
        ['start', 'next', 'w'],
        ['w', 'next', 'w'],
      ],
    );
    expect(validateGraph(input).errors).toEqual([expect.objectContaining({ code: 'cycle', nodeIds: ['w'] })]);
  });

  it('invalid_exit_criteria and invalid_goal: wrong types and unknown fields', () => {
    expect(validateGraph(g([ENTRY], [], { exitCriteria: 42 })).errors[0].message).toContain(
      'must be an expression string',
    );
    const goal = validateGraph(g([ENTRY], [], { goal: { event: 'x', exitOnGoal: 'yes', extra: 1 } }));
    expect(goal.errors.map((i) => i.message)).toEqual([
      'Goal: "exitOnGoal" must be true or false',
      'Goal: unknown field "extra"; known fields: event, exitOnGoal',
    ]);
  });

  it('reports every problem at once, in graph order', () => {
    const input = g(
      [
        ['welcome', 'send_email', {}],
        ['w', 'wait', { duration: 'soon' }],
      ],
      [['welcome', 'bogus', 'w']],
    );
    expect(validateGraph(input).errors.map((i) => i.code)).toEqual([
      'invalid_config',
      'invalid_config',
      'invalid_output',
      'no_entry',
    ]);
  });
});

describe('assertValidGraph', () => {
  it('passes a valid graph through', () => expect(() => assertValidGraph(US1_JOURNEY)).not.toThrow());

  it('throws a JourneyValidationError carrying the issues', () => {
    let caught: unknown;
    try {
      assertValidGraph(g([['welcome', 'send_email', {}]], []));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JourneyValidationError);
    const error = caught as JourneyValidationError;
    expect(error.issues.map((i) => i.code)).toEqual(['invalid_config', 'no_entry']);
    expect(error.message).toMatch(
      /^Journey graph is invalid \(2 problems\): Node "welcome" \(send_email\): set "template".*; The journey has no entry node/,
    );
  });
});
