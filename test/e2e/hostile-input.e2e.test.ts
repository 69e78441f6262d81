/**
 * Issue 17, items 1 and 2: bodies nested too deep and ids holding NUL or other invalid characters
 * are refused at the gateway with 400 and nothing is stored; an instance stored before the limit
 * existed (too deep for gRPC) no longer breaks the instance list and can still be exited.
 */
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { MAX_JSON_DEPTH, STREAMS, TRUNCATED_MARKER, subjects } from '@kalcifer/contracts';
import { Api, createWorkspace, type ApiErrorBody, type ApiResponse } from '../support/api';
import { dropDatabase, eventually, infra, resetAll, streamMessageCount } from '../support/infra';
import { Stack } from '../support/stack';

const PREFIX = 'e2e_hostile';
const API_KEY = 'kal_e2eHostileInputKey00000000000001';
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;
let workspaceId: string;
let journeyId: string;

/** {a: {a: ... {leaf: 1}}}, `levels` objects deep. */
const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
};

const depthOf = (value: unknown): number =>
  typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;

/** A JSON text nested `levels` deep, built as text (JSON.stringify would overflow the stack). */
const deepJsonText = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

function expectError(res: ApiResponse, status: number, code: string): ApiErrorBody['error'] {
  expect({ status: res.status, code: (res.body as ApiErrorBody).error?.code }).toEqual({ status, code });
  return (res.body as ApiErrorBody).error;
}

const instancesOf = (customerId: string) => api.allInstances(`customerId=${encodeURIComponent(customerId)}`);

beforeAll(async () => {
  await resetAll(`${PREFIX}_orchestrator`);
  await Promise.all(['scheduler', 'channels', 'api_gateway'].map((s) => dropDatabase(`${PREFIX}_${s}`)));
  workspaceId = createWorkspace(`${PREFIX}_api_gateway`, API_KEY).workspaceId;
  await stack.startAll();
  api = new Api(stack.gatewayUrl, API_KEY);
  journeyId = await api.launchJourney('signups', {
    nodes: [
      { id: 'signup', type: 'event_entry', config: { event: 'signed_up', reentry: 'always' } },
      { id: 'pause', type: 'wait', config: { duration: 'PT1H' } },
      { id: 'done', type: 'exit', config: {} },
    ],
    edges: [
      { from: 'signup', to: 'pause', output: 'next' },
      { from: 'pause', to: 'done', output: 'next' },
    ],
  });
}, 120_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

describe('17.1: one depth limit on every body', () => {
  it('refuses an event nested 5,000 levels deep with 400 body_too_deep (it was a 503), publishing nothing', async () => {
    const before = await streamMessageCount(STREAMS.events.name);
    const raw = `{"customerId":"deep","name":"signed_up","properties":${deepJsonText(5_000)}}`;
    const error = expectError(await api.call('POST', '/v1/events', undefined, raw), 400, 'body_too_deep');
    expect(error.message).toContain(`more than ${MAX_JSON_DEPTH} levels deep`);
    expect(error.details).toMatchObject({ limit: MAX_JSON_DEPTH });
    expect(await streamMessageCount(STREAMS.events.name)).toBe(before);
  });

  it('refuses an event within every field limit but larger than the bus carries with 413, not 503', async () => {
    const big = '\u0001'.repeat(60_000); // 360 KB as JSON (\\u0001)
    const res = await api.call('POST', '/v1/events', {
      customerId: 'big',
      name: 'signed_up',
      properties: { a: big, b: big, c: big },
    });
    expectError(res, 413, 'payload_too_large');
  });

  it('stores a profile just under the body limit and reads it back; one over the limit is 413, not a 5xx', async () => {
    const field = 'x'.repeat(99_000);
    const attributes = Object.fromEntries(Array.from({ length: 29 }, (_, i) => [`a${i}`, field]));
    expect((await api.call('PUT', '/v1/customers/large-profile', { attributes })).status).toBe(200);
    const read = await api.call<{ attributes: Record<string, string> }>('GET', '/v1/customers/large-profile');
    expect(read.status).toBe(200);
    expect(read.body.attributes.a28).toHaveLength(99_000);
    const over = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`a${i}`, field]));
    expectError(
      await api.call('PUT', '/v1/customers/too-large', { attributes: over }),
      413,
      'payload_too_large',
    );
    expectError(await api.call('GET', '/v1/customers/too-large'), 404, 'customer_not_found');
  });

  it('refuses customer attributes nested 90 levels deep with 400 (it was a 500) and stores nothing', async () => {
    expectError(
      await api.call('PUT', '/v1/customers/deep-attrs', { attributes: nested(90) }),
      400,
      'body_too_deep',
    );
    expectError(await api.call('GET', '/v1/customers/deep-attrs'), 404, 'customer_not_found');
  });

  it('refuses an entry event nested 90 levels deep: no instance, and the instance list still answers', async () => {
    const res = await api.call('POST', '/v1/events', {
      customerId: 'deep-entry',
      name: 'signed_up',
      properties: nested(90),
    });
    expectError(res, 400, 'body_too_deep');
    expect((await api.call('GET', '/v1/instances')).status).toBe(200);
    expect(await instancesOf('deep-entry')).toEqual([]);
  });

  it('accepts an event as deep as the limit allows, and every read of its instance carries it whole', async () => {
    const properties = nested(MAX_JSON_DEPTH - 1); // the body is level 1
    const res = await api.call('POST', '/v1/events', {
      customerId: 'at-limit',
      name: 'signed_up',
      properties,
    });
    expect(res.status).toBe(202);
    const [instance] = await eventually(async () => {
      const found = await instancesOf('at-limit');
      return found.length > 0 && found;
    });
    const read = await api.ok<{ state: { context: unknown } }>('GET', `/v1/instances/${instance.id}`);
    expect(read.state.context).toEqual({
      ...properties,
      event: expect.objectContaining({ name: 'signed_up' }),
    });
    for (const query of ['', `?journeyId=${journeyId}`, '?customerId=at-limit'])
      expect((await api.call('GET', `/v1/instances${query}`)).status).toBe(200);
  }, 30_000);

  it('repairs an instance stored before the limit: reads show it truncated, and it can be exited', async () => {
    // What an earlier gateway let through: an event straight onto the bus, 60 levels deep.
    const nc = await connect({ servers: infra.natsUrl });
    try {
      const body = {
        workspaceId,
        customerId: 'legacy-deep',
        event: { id: 'legacy-1', name: 'signed_up', properties: nested(60), timestamp: Date.now() },
        receivedAt: Date.now(),
      };
      await jetstream(nc).publish(subjects.events(workspaceId), JSON.stringify(body), {
        msgID: `event:${workspaceId}:legacy-1`,
      });
    } finally {
      await nc.close();
    }
    const [instance] = await eventually(async () => {
      const found = await instancesOf('legacy-deep');
      return found.length > 0 && found;
    });
    for (const query of ['', `?journeyId=${journeyId}`, '?customerId=legacy-deep'])
      expect((await api.call('GET', `/v1/instances${query}`)).status).toBe(200);
    const read = await api.ok<{ state: { context: unknown } }>('GET', `/v1/instances/${instance.id}`);
    expect(depthOf(read.state.context)).toBe(MAX_JSON_DEPTH);
    expect(JSON.stringify(read.state.context)).toContain(JSON.stringify(TRUNCATED_MARKER));
    expect((await api.call('GET', '/v1/customers/legacy-deep/trace')).status).toBe(200);

    expect((await api.call('POST', `/v1/instances/${instance.id}/exit`, { reason: 'repair' })).status).toBe(
      202,
    );
    await eventually(async () => {
      const after = await api.ok<{ status: string }>('GET', `/v1/instances/${instance.id}`);
      return after.status === 'exited';
    });
  }, 45_000);
});

describe('17.2: one id rule for every id', () => {
  // Three items per row: with two, jest would hand the test a `done` callback as the body.
  const NUL_ROUTES: [string, string, unknown][] = [
    ['GET', '/v1/customers/ab%00cd', undefined],
    ['PUT', '/v1/customers/ab%00cd', { attributes: { plan: 'pro' } }],
    ['GET', '/v1/customers/ab%00cd/trace', undefined],
    ['GET', '/v1/journeys/ab%00cd', undefined],
    ['PUT', '/v1/journeys/ab%00cd/draft', { graph: { nodes: [], edges: [] } }],
    ['GET', '/v1/instances/ab%00cd', undefined],
    ['POST', '/v1/instances/ab%00cd/exit', {}],
    ['GET', '/v1/instances?customerId=ab%00cd', undefined],
  ];

  it.each(NUL_ROUTES)('%s %s: 400 saying the id holds U+0000', async (method, route, body) => {
    const error = expectError(await api.call(method, route, body), 400, 'invalid_request');
    expect(error.message).toContain('must not contain the control character U+0000');
  });

  it('refuses an event whose customerId holds a NUL (it was accepted) and publishes nothing', async () => {
    const before = await streamMessageCount(STREAMS.events.name);
    // NUL and lone surrogates are refused in every string of a body (invalid_characters), other
    // control characters in ids by the id rule (invalid_request); both name the field.
    const cases: [string, string, RegExp][] = [
      ['ab\u0000cd', 'invalid_characters', /\$\.customerId: the string holds a NUL character \(U\+0000\)/],
      ['half\uD800', 'invalid_characters', /\$\.customerId: the string holds a lone UTF-16 surrogate/],
      ['tab\there', 'invalid_request', /customerId must not contain the control character U\+0009/],
    ];
    for (const [customerId, code, message] of cases) {
      const res = await api.call('POST', '/v1/events', { customerId, name: 'signed_up' });
      expect(expectError(res, 400, code).message).toMatch(message);
    }
    const enroll = await api.call('POST', `/v1/journeys/${journeyId}/enrollments`, { customerId: 'x\u0001' });
    expectError(enroll, 400, 'invalid_request');
    expect(await streamMessageCount(STREAMS.events.name)).toBe(before);
  });

  it('keeps emoji and other Unicode ids working', async () => {
    const id = 'cliente-😀-客户';
    const path = `/v1/customers/${encodeURIComponent(id)}`;
    expect((await api.call('PUT', path, { attributes: { plan: 'pro' } })).status).toBe(200);
    expect((await api.ok<{ id: string }>('GET', path)).id).toBe(id);
  });
});
