import { conforms } from '../__tests__/mini-json-schema';
import { US1_JOURNEY } from '../__tests__/us1-journey';
import { NODE_TYPES } from '../model/graph';
import { JOURNEY_GRAPH_JSON_SCHEMA } from './index';

const schema = JOURNEY_GRAPH_JSON_SCHEMA as Record<string, unknown>;
const matches = (value: unknown): boolean => conforms(schema, value);

const withNode = (node: Record<string, unknown>): unknown => ({ nodes: [node], edges: [] });

describe('JOURNEY_GRAPH_JSON_SCHEMA', () => {
  it('is a draft 2020-12 document with one node variant per node type', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const defs = schema.$defs as Record<string, unknown>;
    expect(NODE_TYPES.every((type) => `node_${type}` in defs)).toBe(true);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('accepts the US-1 journey and the example of DESIGN.md §8', () => {
    expect(matches(US1_JOURNEY)).toBe(true);
    expect(
      matches({
        nodes: [
          { id: 'welcome', type: 'send_email', config: { template: 'welcome' } },
          { id: 'wait_open', type: 'wait_for_event', config: { event: 'email_opened', timeout: 'P3D' } },
        ],
        edges: [{ from: 'welcome', to: 'wait_open', output: 'next' }],
        exitCriteria: 'customer.unsubscribed == true',
        goal: { event: 'purchase_completed' },
      }),
    ).toBe(true);
  });

  it.each([
    ['a graph without edges', { nodes: [] }],
    ['an unknown node type', withNode({ id: 'a', type: 'send_sms', config: {} })],
    ['a node without config', withNode({ id: 'a', type: 'manual_entry' })],
    [
      'a send_email with neither template nor subject',
      withNode({ id: 'a', type: 'send_email', config: { body: 'x' } }),
    ],
    [
      'an unknown config field',
      withNode({ id: 'a', type: 'send_email', config: { template: 'x', subjet: 'y' } }),
    ],
    ['a wait without a duration', withNode({ id: 'a', type: 'wait', config: {} })],
    ['a wait with a non-ISO duration', withNode({ id: 'a', type: 'wait', config: { duration: '3 days' } })],
    ['a bad node id', withNode({ id: 'a b', type: 'exit', config: {} })],
    ['a goal without event', { nodes: [], edges: [], goal: { exitOnGoal: true } }],
    ['an edge without output', { nodes: [], edges: [{ from: 'a', to: 'b' }] }],
  ])('rejects %s', (_, value) => {
    expect(matches(value)).toBe(false);
  });

  it('accepts extra keys on nodes and edges, which editors keep', () => {
    expect(matches({ nodes: [{ id: 'a', type: 'exit', config: {}, ui: { color: 'red' } }], edges: [] })).toBe(
      true,
    );
  });
});
