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
    ['an unknown node type', withNode({ id: 'a', type: 'send_pigeon', config: {} })],
    ['a send_sms without body', withNode({ id: 'a', type: 'send_sms', config: {} })],
    [
      'an ab_split with one variant',
      withNode({ id: 'a', type: 'ab_split', config: { variants: [{ name: 'a', percent: 100 }] } }),
    ],
    [
      'a call_webhook with 11 retries',
      withNode({ id: 'a', type: 'call_webhook', config: { url: 'https://a.b', retries: 11 } }),
    ],
    [
      'a frequency_cap on an unknown channel',
      withNode({ id: 'a', type: 'frequency_cap', config: { channel: 'fax', limit: 1, window: 'P1D' } }),
    ],
    [
      'a wait_until with both until and attribute',
      withNode({ id: 'a', type: 'wait_until', config: { until: '2025-01-01T00:00:00Z', attribute: 'x' } }),
    ],
    [
      'a send window without end',
      withNode({ id: 'a', type: 'send_sms', config: { body: 'b', sendWindow: { start: '09:00' } } }),
    ],
    [
      'a segment with both expression and url',
      withNode({
        id: 'a',
        type: 'segment_entry',
        config: { segment: { expression: 'x', url: 'https://a' } },
      }),
    ],
    ['an add_tag without tag', withNode({ id: 'a', type: 'add_tag', config: {} })],
    [
      'an update_profile that increments by text',
      withNode({ id: 'a', type: 'update_profile', config: { increment: { visits: 'one' } } }),
    ],
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

  it('accepts a node of every kind with a full config', () => {
    const window = { start: '22:00', end: '06:00', days: ['fri'], timezone: 'Europe/Paris' };
    const configs: Record<(typeof NODE_TYPES)[number], Record<string, unknown>> = {
      manual_entry: { reentry: 'always' },
      event_entry: { event: 'order', filter: 'event.properties.amount > 100', reentry: 'once' },
      segment_entry: { segment: { expression: "hasTag('vip')" }, evaluateEvery: 'PT1H' },
      webhook_entry: { contextFrom: 'body' },
      scheduled_entry: { cron: '0 9 * * mon', timezone: 'Europe/Paris', criteria: 'customer.active' },
      send_email: { template: 't', provider: 'ses', sendWindow: window },
      send_sms: { body: 'b', to: 'mobile', sendWindow: window },
      send_push: { title: 't', body: 'b', data: { screen: 'cart' } },
      send_whatsapp: { template: 'order_update' },
      call_webhook: {
        url: 'https://a.b',
        method: 'PUT',
        headers: { 'X-K': 'v' },
        timeoutMs: 500,
        retries: 2,
      },
      wait: { duration: 'P1D' },
      wait_until: { until: '2025-03-01T09:00', timezone: 'Europe/Paris', offset: '-PT30M' },
      wait_for_event: { event: 'paid', timeout: 'P1D', correlationKey: 'orderId' },
      condition: { expression: 'customer.vip' },
      ab_split: {
        variants: [
          { name: 'a', percent: 50 },
          { name: 'b', percent: 50 },
        ],
      },
      frequency_cap: { channel: 'sms', limit: 2, window: 'P7D' },
      parallel: { branches: ['x', 'y'] },
      update_profile: { set: { plan: 'pro' }, unset: ['trial'], increment: { visits: 1 } },
      add_tag: { tag: 'vip' },
      remove_tag: { tags: ['a', 'b'] },
      custom_code: { code: 'return {}', timeoutMs: 200, memoryMb: 32, outputs: ['hot'] },
      goal_reached: { exit: true },
      exit: { reason: 'done' },
      end: {},
    };
    for (const type of NODE_TYPES) {
      expect([type, matches(withNode({ id: 'a', type, config: configs[type] }))]).toEqual([type, true]);
    }
  });

  it('accepts extra keys on nodes and edges, which editors keep', () => {
    expect(matches({ nodes: [{ id: 'a', type: 'exit', config: {}, ui: { color: 'red' } }], edges: [] })).toBe(
      true,
    );
  });
});
