/**
 * Workspace isolation on the real stack: every route of the API (read from GET /openapi.json, so a
 * new route is covered, or fails here until it is) called with workspace A's admin key on
 * workspace B's objects answers 404, and B's objects are unchanged afterwards.
 */
import { Api, createWorkspace } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(240_000);

const PREFIX = 'e2e_tenants';
const stack = new Stack({ dbPrefix: PREFIX });
let a: Api;
let b: Api;

const GRAPH = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'hold', type: 'wait', config: { duration: 'P1D' } },
  ],
  edges: [{ from: 'entry', to: 'hold', output: 'next' }],
};

/** B's objects, by the name of the path parameter and the collection it sits under. */
const objectsOfB: Record<string, string> = {};

/** A body each route accepts, so that the answer is about the object, not the input. */
const BODIES: Record<string, unknown> = {
  'PUT /v1/journeys/{id}/draft': { graph: GRAPH },
  'POST /v1/journeys/{id}/validate': { graph: GRAPH },
  'POST /v1/journeys/{id}/versions': { strategy: 'new_entries_only' },
  'POST /v1/journeys/{id}/rollback': { version: 1 },
  'POST /v1/journeys/{id}/migrations/{mid}/rollout': { percent: 50 },
  'POST /v1/journeys/{id}/migrations/{mid}/halt': {},
  'POST /v1/journeys/{id}/enrollments': { enrollments: [{ customerId: 'eve' }] },
  'POST /v1/journeys/{id}/explain': {},
  'POST /v1/journeys/{id}/suggestions': { analytics: [{ nodeId: 'entry', entered: 10 }] },
  'POST /v1/instances/{id}/pause': {},
  'POST /v1/instances/{id}/resume': {},
  'POST /v1/instances/{id}/exit': {},
  'POST /v1/instances/{id}/release': { nodeId: 'hold' },
  'PATCH /v1/webhook-subscriptions/{id}': { enabled: false },
  'POST /v1/webhook-subscriptions/{id}/rotate-secret': { graceSeconds: 60 },
  'PATCH /v1/members/{id}': { role: 'admin' },
  'PATCH /v1/alert-rules/{id}': { name: 'renamed by A' },
  'POST /v1/designer/sessions/{id}/messages': { message: 'add an email' },
  'POST /v1/designer/sessions/{id}/messages/stream': { message: 'add an email' },
};
const QUERIES: Record<string, string> = {
  'GET /v1/journeys/{id}/diff': '?from=1&to=draft',
  'GET /v1/journeys/{id}/analytics/funnel': '?path=entry,hold',
};

/**
 * Routes whose parameters name no object of a workspace: they act on the caller's own
 * (a channel's provider), or authenticate by a secret in the URL / a signature, not a key.
 */
const NOT_OBJECT_ROUTES = new Set([
  'PUT /v1/providers/{channel}',
  'DELETE /v1/providers/{channel}',
  'POST /v1/hooks/{journeyId}/{token}',
  'POST /v1/webhooks/{provider}/{workspaceId}',
  'GET /v1/webhooks/{provider}/{workspaceId}',
  // Customer ids are the client's own ids: A's PUT creates A's profile "bob" (B's is checked below).
  'PUT /v1/customers/{id}',
]);

function fill(route: string): string | undefined {
  const path = route.split(' ')[1];
  const collection = path.split('/')[2];
  let missing = false;
  const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = name === 'id' ? objectsOfB[collection] : objectsOfB[name];
    if (!value) missing = true;
    return value ?? '';
  });
  return missing ? undefined : filled;
}

beforeAll(async () => {
  a = await startProduct(stack, PREFIX, 'kal_e2eTenantA00000000000000000001');
  const keyB = 'kal_e2eTenantB00000000000000000002';
  createWorkspace(`${PREFIX}_api_gateway`, keyB);
  b = new Api(stack.gatewayUrl, keyB);

  const journeyId = await b.launchJourney('B only', GRAPH);
  await b.ok('PUT', '/v1/customers/bob', { attributes: { plan: 'pro' } });
  await b.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { enrollments: [{ customerId: 'bob' }] });
  const instance = await eventually(async () => {
    const [i] = await b.allInstances(`journeyId=${journeyId}`);
    return i?.status === 'waiting' ? i : undefined;
  });
  const published = await b.ok<{ migration: { id: string } | null }>(
    'POST',
    `/v1/journeys/${journeyId}/versions`,
    {
      strategy: 'gradual',
      rollout: { percent: 1 },
    },
  );
  const key = await b.ok<{ id: string }>('POST', '/v1/api-keys', { name: 'b-ci', role: 'editor' });
  const session = await b.ok<{ sessionId: string }>('POST', '/v1/designer/sessions', {
    brief: 'Welcome new sign-ups with an email, then wait two days.',
  });
  const subscription = await b.call<{ id: string }>('POST', '/v1/webhook-subscriptions', {
    url: 'https://93.184.215.14/kalcifer',
  });
  const member = await b.ok<{ id: string }>('POST', '/v1/members', { subject: 'b-user', role: 'viewer' });
  const alertRule = await b.ok<{ id: string }>('POST', '/v1/alert-rules', {
    kind: 'no_entries',
    name: 'B quiet',
    journeyId,
    hours: 24,
  });
  Object.assign(objectsOfB, {
    members: member.id,
    'alert-rules': alertRule.id,
    journeys: journeyId,
    customers: 'bob',
    instances: instance.id,
    'api-keys': key.id,
    designer: session.sessionId,
    'webhook-subscriptions': subscription.body.id,
    n: '1',
    mid: published.migration?.id,
  });
}, 200_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

it("answers 404 to every route called with workspace A's key on workspace B's objects", async () => {
  const doc = (await (await fetch(`${stack.gatewayUrl}/openapi.json`)).json()) as { paths: unknown };
  const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
  );
  const withObjects = routes.filter((r) => r.includes('{') && !NOT_OBJECT_ROUTES.has(r));
  expect(withObjects.length).toBeGreaterThan(35);

  const answers: string[] = [];
  const uncovered: string[] = [];
  for (const route of withObjects) {
    const path = fill(route);
    if (!path) {
      uncovered.push(route);
      continue;
    }
    const method = route.split(' ')[0];
    const body = BODIES[route] ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
    const res = await a.call<{ error?: { code: string } }>(method, `${path}${QUERIES[route] ?? ''}`, body);
    answers.push(`${route} -> ${res.status} ${res.body?.error?.code ?? ''}`);
  }
  // A route with a parameter this test has no object of B for must get one here.
  expect(uncovered).toEqual([]);
  expect(answers.filter((line) => !/ -> 404 /.test(line))).toEqual([]);
});

it("leaves B's objects as they were", async () => {
  const journey = await b.ok<{ status: string; latestVersion: number }>(
    'GET',
    `/v1/journeys/${objectsOfB.journeys}`,
  );
  expect(journey).toMatchObject({ status: 'active', latestVersion: 2 });
  const [instance] = await b.allInstances(`journeyId=${objectsOfB.journeys}`);
  expect(instance).toMatchObject({ id: objectsOfB.instances, status: 'waiting', customerId: 'bob' });
  const keys = await b.ok<{ keys: { id: string; status: string }[] }>('GET', '/v1/api-keys');
  expect(keys.keys.find((k) => k.id === objectsOfB['api-keys'])?.status).toBe('active');
  const subscription = await b.ok<{ enabled: boolean }>(
    'GET',
    `/v1/webhook-subscriptions/${objectsOfB['webhook-subscriptions']}`,
  );
  expect(subscription.enabled).toBe(true);
  expect(subscription).not.toHaveProperty('previousSecretExpiresAt');
  const members = await b.ok<{ members: { id: string; role: string }[] }>('GET', '/v1/members');
  expect(members.members).toMatchObject([{ id: objectsOfB.members, role: 'viewer' }]);

  // A's upsert of "bob" made A's own profile; B's is untouched.
  expect((await a.call('PUT', '/v1/customers/bob', { attributes: { plan: 'free' } })).status).toBe(200);
  const bob = await b.ok<{ attributes: Record<string, unknown> }>('GET', '/v1/customers/bob');
  expect(bob.attributes.plan).toBe('pro');
  // A's lists do not show B's objects either.
  expect(await a.allInstances(`journeyId=${objectsOfB.journeys}`)).toEqual([]);
  const journeysOfA = await a.ok<{ journeys: { id: string }[] }>('GET', '/v1/journeys');
  expect(journeysOfA.journeys.map((j) => j.id)).not.toContain(objectsOfB.journeys);
});
