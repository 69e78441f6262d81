/**
 * Issue 17: every route of the gateway, taken from the OpenAPI document it serves (so a new route
 * is covered without touching this file), is called with generated hostile ids and bodies: deep
 * nesting, NUL, lone surrogates, huge strings, wrong types, arrays where objects are expected.
 * No answer may be a 5xx, and afterwards every list and read route still answers 200.
 *
 * Bounded: FUZZ_RUNS requests (default 2,000, about a minute); FUZZ_SEED replays a run.
 */
import fc from 'fast-check';
import { Api, type ApiErrorBody } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

const PREFIX = 'e2e_fuzz';
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;

interface Operation {
  method: string;
  path: string;
  requiredQuery: string[];
  /** The operation as the document declares it (parameters, requestBody). */
  spec: OperationSpec;
}

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  maximum?: number;
}
interface OperationSpec {
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
let components: Record<string, Schema> = {};

/** Ids of real resources, so that some generated requests get past the 404s. */
const known: Record<string, string> = {};

/** Values for required query parameters of read routes (extend it when a route adds one). */
const QUERY_DEFAULTS: Record<string, string> = { from: '1', to: 'draft', path: 'start,pause' };

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eFuzzKey00000000000000000000001');
  const wait = {
    nodes: [
      { id: 'start', type: 'manual_entry', config: {} },
      { id: 'hook', type: 'webhook_entry', config: { reentry: 'always' } },
      { id: 'signup', type: 'event_entry', config: { event: 'signed_up', reentry: 'always' } },
      { id: 'pause', type: 'wait', config: { duration: 'PT1H' } },
      { id: 'done', type: 'exit', config: {} },
    ],
    edges: [
      { from: 'start', to: 'pause', output: 'next' },
      { from: 'hook', to: 'pause', output: 'next' },
      { from: 'signup', to: 'pause', output: 'next' },
      { from: 'pause', to: 'done', output: 'next' },
    ],
  };
  known.journey = await api.launchJourney('fuzzed', wait);
  const journey = await api.ok<{ webhookPath: string }>('GET', `/v1/journeys/${known.journey}`);
  [, , , known.hookJourney, known.hookToken] = journey.webhookPath.split('/');
  known.customer = 'fuzz-customer';
  await api.ok('PUT', `/v1/customers/${known.customer}`, { attributes: { plan: 'pro' } });
  await api.ok('POST', `/v1/journeys/${known.journey}/enrollments`, { customerId: known.customer });
  known.instance = (
    await eventually(async () => {
      const found = await api.allInstances(`customerId=${known.customer}`);
      return found.length > 0 && found;
    })
  )[0].id;
  // A second version that migrates the open instance, so the migration routes have one to read.
  await api.ok('PUT', `/v1/journeys/${known.journey}/draft`, { graph: wait, name: 'fuzzed v2' });
  await api.ok('POST', `/v1/journeys/${known.journey}/versions`, { strategy: 'migrate_all', note: 'fuzz' });
  const { migrations } = await api.ok<{ migrations: { id: string }[] }>(
    'GET',
    `/v1/journeys/${known.journey}/migrations`,
  );
  known.migration = migrations[0]?.id ?? 'no-migration';
  known.subscription = await newSubscription();
  known.alertRule = await newAlertRule();
}, 180_000);

/** A webhook subscription to read (the fuzz may delete the one it knows). */
async function newSubscription(): Promise<string> {
  const url = 'https://93.184.215.14/kalcifer'; // a public address: no DNS needed, never called (disabled)
  return (await api.ok<{ id: string }>('POST', '/v1/webhook-subscriptions', { url, enabled: false })).id;
}

/** GET /v1/stream never ends: its status is the answer, the body is dropped. */
async function textOf(res: Response): Promise<string> {
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    await res.body?.cancel();
    return '';
  }
  return res.text();
}

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

async function operations(): Promise<Operation[]> {
  const doc = (await (await fetch(`${stack.gatewayUrl}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, OperationSpec>>;
    components: { schemas: Record<string, Schema> };
  };
  components = doc.components.schemas;
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const requiredQuery = (op.parameters ?? [])
        .filter((p) => p.in === 'query' && p.required)
        .map((p) => p.name);
      ops.push({ method: method.toUpperCase(), path, requiredQuery, spec: op });
    }
  return ops;
}

/** The id of a real resource for a path parameter, judged by the route it sits in. */
/** An alert rule to read (the fuzz may delete the one it had). */
async function newAlertRule(): Promise<string> {
  const rule = await api.ok<{ id: string }>('POST', '/v1/alert-rules', {
    kind: 'no_entries',
    name: 'fuzz',
    journeyId: known.journey,
    hours: 24,
  });
  return rule.id;
}

function knownParam(path: string, name: string): string {
  if (name === 'n') return '1';
  if (name === 'mid') return known.migration;
  if (name === 'channel') return 'email';
  if (name === 'provider') return 'sendgrid';
  if (name === 'workspaceId') return 'ws_unknown';
  if (name === 'token') return known.hookToken;
  if (name === 'journeyId') return known.hookJourney;
  if (path.startsWith('/v1/customers')) return known.customer;
  if (path.startsWith('/v1/instances')) return known.instance;
  if (path.startsWith('/v1/webhook-subscriptions')) return known.subscription;
  if (path.startsWith('/v1/alert-rules')) return known.alertRule;
  return known.journey;
}

const fill = (path: string, param: (name: string) => string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => param(name));

// ---- generators -----------------------------------------------------------------------------

/** Percent-encodes a path segment; lone surrogates become their (invalid) CESU-8 bytes. */
const encodeSegment = (s: string) =>
  s
    .split(/([\uD800-\uDFFF])/)
    .map((part) =>
      /^[\uD800-\uDFFF]$/.test(part)
        ? Array.from(
            Buffer.from([
              0xe0 | (part.charCodeAt(0) >> 12),
              0x80 | ((part.charCodeAt(0) >> 6) & 0x3f),
              0x80 | (part.charCodeAt(0) & 0x3f),
            ]),
          )
            .map((b) => `%${b.toString(16).toUpperCase()}`)
            .join('')
        : encodeURIComponent(part),
    )
    .join('');

const nastyString = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    '\uD800',
    'x\uDFFF',
    '\uDE00\uD83D',
    '😀',
    '客户',
    '\u0001\u001F\u007F\u0085',
    '',
    ' ',
    '$where',
    'a.b',
    '__proto__',
    'constructor',
    '{{ customer.x }}',
    '../../etc/passwd',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(99_999, 100_000, 100_001, 300_000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(50_000, 60_000).map((n) => '\u0001'.repeat(n)),
  fc.constantFrom(50_000).map((n) => '😀'.repeat(n)),
);

const idSegment = fc.oneof(
  { weight: 3, arbitrary: nastyString.filter((s) => s.length < 2_000).map(encodeSegment) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '%00',
      'ab%00cd',
      '%ED%A0%80',
      '%FF',
      '%',
      '%zz',
      '%2F',
      '%09',
      '%7F',
      '%C2%85',
      '%F0%9F%98%80',
      '..',
      '.',
      'x'.repeat(257),
      'x'.repeat(5_000),
    ),
  },
);

/** {a: {a: ...}} or [[...]], `levels` deep, built without recursion. */
function deep(levels: number, arrays: boolean): unknown {
  let value: unknown = arrays ? [1] : { leaf: 1 };
  for (let i = 1; i < levels; i++) value = arrays ? [value] : { a: value };
  return value;
}

const scalar = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308, true, false, null),
);

const FIELDS = [
  'customerId',
  'name',
  'properties',
  'attributes',
  'graph',
  'events',
  'enrollments',
  'context',
  'strategy',
  'note',
  'mapping',
  'percent',
  'reason',
  'nodeId',
  'exit',
  'provider',
  'settings',
  'credentials',
  'rules',
  'id',
  'enrollmentId',
  'timestamp',
  'description',
  'dryRun',
  'version',
  'nodes',
  'edges',
  'config',
  'type',
  'channel',
  'limit',
  'window',
  'steps',
];
const fieldName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 1, arbitrary: nastyString.filter((s) => s.length < 2_000) },
);

const { value: jsonValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fieldName, tie('value'), { maxKeys: 4 }),
    fc.integer({ min: 15, max: 1_000 }).chain((n) => fc.boolean().map((arrays) => deep(n, arrays))),
    fc
      .constantFrom(1_001, 20_000)
      .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
    fc.constantFrom(10_001, 50_000).map((n) => new Array<number>(n).fill(0)),
  ),
}));

const NODE_TYPES = [
  'manual_entry',
  'event_entry',
  'webhook_entry',
  'wait',
  'send_email',
  'condition',
  'exit',
  'call_webhook',
  'custom_code',
];

/** Bodies shaped like the real ones, with hostile values where the real ones have data. */
const plausibleBody = fc.oneof(
  fc.record({ customerId: nastyString, name: fc.constantFrom('signed_up', 'x'), properties: jsonValue }),
  fc.record({
    events: fc.array(fc.record({ customerId: nastyString, name: nastyString, properties: jsonValue }), {
      maxLength: 3,
    }),
  }),
  fc.record({ attributes: jsonValue }),
  fc.record({ customerId: nastyString, context: jsonValue, attributes: jsonValue }),
  fc.record({
    name: nastyString,
    graph: fc.record({
      nodes: fc.array(
        fc.record({ id: nastyString, type: fc.constantFrom(...NODE_TYPES), config: jsonValue }),
        { maxLength: 3 },
      ),
      edges: fc.array(fc.record({ from: nastyString, to: nastyString, output: nastyString }), {
        maxLength: 2,
      }),
    }),
  }),
  fc.record({
    strategy: fc.constantFrom('migrate_all', 'gradual', 'new_entries_only'),
    mapping: jsonValue,
    note: nastyString,
    dryRun: fc.boolean(),
  }),
  fc.record({
    rules: fc.array(fc.record({ channel: nastyString, limit: scalar, window: nastyString }), {
      maxLength: 2,
    }),
  }),
  fc.record({
    provider: fc.constantFrom('smtp', 'http', 'twilio'),
    settings: jsonValue,
    credentials: jsonValue,
  }),
  fc.record({ percent: scalar, nodeId: nastyString, reason: nastyString, exit: scalar }),
);

/** A body as the bytes sent: JSON of a generated value, or text no serializer would produce. */
const rawBody = fc.oneof(
  { weight: 4, arbitrary: plausibleBody.map((b) => JSON.stringify(b)) },
  { weight: 3, arbitrary: jsonValue.map((b) => JSON.stringify(b) ?? 'null') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"customerId":"c","name":"signed_up","properties":' +
        '{"a":'.repeat(5_000) +
        '1' +
        '}'.repeat(5_000) +
        '}',
      '['.repeat(100_000),
      '{"a":',
      '{"customerId":"\\ud800","name":"x"}',
      '{"customerId":"a\\u0000","name":"x"}',
      '{"attributes":{"a\\u0000b":1}}',
      '{"__proto__":{"polluted":true},"attributes":{}}',
      '1e999',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** Within every limit but odd: any Unicode text, numbers at the edges, a few levels deep. */
const oddButValid = fc.jsonValue({ maxDepth: 5, stringUnit: 'grapheme', depthSize: 'small' });
const validId = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ''),
  fc.constantFrom('😀', 'cliente-客户', 'x'.repeat(256)),
);

/** Requests that pass validation, so what lies behind it (bus, orchestrator, reads) is fuzzed too. */
const acceptedShaped = (ops: Operation[]): fc.Arbitrary<FuzzRequest> => {
  const op = (method: string, path: string) =>
    ops.find((o) => o.method === method && o.path === path) ?? { method, path, requiredQuery: [], spec: {} };
  return fc
    .oneof(
      fc.record({
        op: fc.constant(op('POST', '/v1/events')),
        body: fc.record({
          customerId: validId,
          name: fc.constantFrom('signed_up', 'clicked'),
          properties: fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 20 }), oddButValid, {
            maxKeys: 5,
          }),
        }),
      }),
      fc.record({
        op: fc.constant(op('PUT', '/v1/customers/{id}')),
        body: fc.record({
          attributes: fc.dictionary(fc.string({ maxLength: 20 }), oddButValid, { maxKeys: 5 }),
        }),
      }),
      fc.record({
        op: fc.constant(op('POST', '/v1/journeys/{id}/enrollments')),
        body: fc.record({
          customerId: validId,
          context: fc.dictionary(fc.string({ maxLength: 20 }), oddButValid, { maxKeys: 5 }),
        }),
      }),
      fc.record({
        op: fc.constant(op('POST', '/v1/hooks/{journeyId}/{token}')),
        body: fc
          .dictionary(fc.string({ maxLength: 20 }), oddButValid, { maxKeys: 5 })
          .chain((payload) => validId.map((customerId) => ({ ...payload, customerId }))),
      }),
    )
    .map(({ op, body }) => ({ op, params: {}, useKnown: true, body: JSON.stringify(body), query: null }));
};

interface FuzzRequest {
  op: Operation;
  params: Record<string, string>;
  useKnown: boolean;
  body: string | undefined;
  query: Record<string, string> | null;
}

const requestArb = (ops: Operation[]): fc.Arbitrary<FuzzRequest> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constantFrom(...ops),
        params: fc.dictionary(
          fc.constantFrom('id', 'n', 'mid', 'channel', 'provider', 'workspaceId', 'token', 'journeyId'),
          idSegment,
        ),
        useKnown: fc.boolean(),
        body: rawBody,
        query: fc.option(
          fc.dictionary(
            fc.constantFrom('customerId', 'journeyId', 'status', 'limit', 'cursor', 'from', 'to'),
            idSegment,
            { maxKeys: 2 },
          ),
        ),
      }),
    },
    { weight: 1, arbitrary: acceptedShaped(ops) },
  );

// ---- the property ----------------------------------------------------------------------------

it('answers every route with hostile ids and bodies without a 5xx, and every read still answers 200 after', async () => {
  const ops = await operations();
  expect(ops.length).toBeGreaterThan(20);
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(requestArb(ops), async ({ op, params, useKnown, body, query }) => {
      const path = fill(op.path, (name) =>
        useKnown || !(name in params) ? knownParam(op.path, name) : params[name],
      );
      const qs = query
        ? Object.entries(query)
            .map(([k, v]) => `${k}=${v}`)
            .join('&')
        : '';
      const url = `${stack.gatewayUrl}${path}${qs ? `?${qs}` : ''}`;
      const sendsBody = op.method !== 'GET' && op.method !== 'DELETE';
      let status: number;
      let text = '';
      try {
        const res = await fetch(url, {
          method: op.method,
          headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/json' },
          body: sendsBody ? body : undefined,
          signal: AbortSignal.timeout(20_000),
        });
        status = res.status;
        text = await textOf(res);
      } catch (err) {
        status = 599;
        text = String(err);
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) {
        const code = (() => {
          try {
            return (JSON.parse(text) as ApiErrorBody).error.code;
          } catch {
            return text.slice(0, 200);
          }
        })();
        failures.push(
          `${op.method} ${path.slice(0, 120)} body=${String(body).slice(0, 120)} -> ${status} ${code}`,
        );
      }
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  console.log(`fuzz: ${RUNS} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  expect(failures).toEqual([]);

  // Afterwards every read route (GET, every one of the document) answers 200 for the workspace.
  // GET /v1/webhooks/messagebird/... is a provider's signed status report, not a read.
  const reads = ops.filter((op) => op.method === 'GET' && !op.path.startsWith('/v1/webhooks/'));
  const broken: string[] = [];
  known.subscription = await newSubscription();
  known.alertRule = await newAlertRule();
  for (const op of reads) {
    const missing = op.requiredQuery.filter((q) => !(q in QUERY_DEFAULTS));
    expect(missing).toEqual([]); // a new read route with a required query: extend QUERY_DEFAULTS
    const qs = op.requiredQuery.map((q) => `${q}=${QUERY_DEFAULTS[q]}`).join('&');
    const path = `${fill(op.path, (name) => knownParam(op.path, name))}${qs ? `?${qs}` : ''}`;
    const res = await fetch(`${stack.gatewayUrl}${path}`, {
      headers: { authorization: `Bearer ${api.apiKey}` },
    }).catch(() => undefined);
    if (res?.status === 200) await textOf(res);
    if (res?.status !== 200)
      broken.push(`GET ${path} -> ${res?.status ?? 'no answer'} ${(await res?.text())?.slice(0, 200)}`);
  }
  for (const query of [
    '',
    `?journeyId=${known.journey}`,
    `?customerId=${known.customer}`,
    '?status=active',
  ]) {
    const res = await api.call('GET', `/v1/instances${query}`);
    if (res.status !== 200) broken.push(`GET /v1/instances${query} -> ${res.status}`);
  }
  expect(broken).toEqual([]);
}, 300_000);

// ---- the document, route by route ------------------------------------------------------------

const resolve = (schema: Schema | undefined): Schema | undefined =>
  schema?.$ref ? components[schema.$ref.split('/').pop()!] : schema;

/** A value of another type than the schema's, or outside its enum; undefined when none is simple. */
function wrongValue(schema: Schema | undefined): unknown {
  const s = resolve(schema);
  if (s?.enum) return '__none_of_the_values__';
  const byType: Record<string, unknown> = {
    string: 12345,
    integer: 'not-a-number',
    number: 'not-a-number',
    boolean: 'yes',
    array: { not: 'an array' },
    object: 'not an object',
  };
  return s?.type ? byType[s.type] : undefined;
}

/** A query value the parameter's schema refuses; undefined when it takes any text. */
function wrongQueryValue(schema: Schema | undefined): string | undefined {
  const s = resolve(schema);
  if (s?.enum) return '__none_of_the_values__';
  if (s?.type === 'integer' || s?.type === 'number')
    return s.maximum !== undefined ? String(s.maximum + 1) : 'not-a-number';
  if (s?.type === 'boolean') return 'yes';
  return undefined;
}

interface Probe {
  what: string;
  method: string;
  path: string;
  body?: string;
}

/**
 * Malformed requests for one operation, from its declaration: an id that is no id (NUL, 300
 * characters) for each path parameter, a refused value for each typed query parameter, and for a
 * JSON body: not an object, an unknown field (when the schema is closed), and each declared field
 * with a value of the wrong type. None of them may be accepted.
 */
function probesOf(op: Operation): Probe[] {
  const probes: Probe[] = [];
  const valid = (name: string) => knownParam(op.path, name);
  const base = fill(op.path, valid);
  const sendsBody = op.method !== 'GET' && op.method !== 'DELETE';
  for (const [, name] of op.path.matchAll(/\{(\w+)\}/g))
    for (const bad of ['%00', 'x'.repeat(300)])
      probes.push({
        what: `path parameter ${name}=${bad.slice(0, 8)}`,
        method: op.method,
        path: fill(op.path, (n) => (n === name ? bad : valid(n))),
        ...(sendsBody && { body: '{}' }),
      });
  const required = op.requiredQuery.map((q) => `${q}=${QUERY_DEFAULTS[q] ?? 'x'}`);
  for (const param of op.spec.parameters ?? []) {
    const bad = param.in === 'query' ? wrongQueryValue(param.schema) : undefined;
    if (bad === undefined) continue;
    const qs = [...required.filter((q) => !q.startsWith(`${param.name}=`)), `${param.name}=${bad}`];
    probes.push({ what: `query ${param.name}=${bad}`, method: op.method, path: `${base}?${qs.join('&')}` });
  }
  const json = op.spec.requestBody?.content['application/json'];
  const schema = resolve(json?.schema);
  // A provider's own wire format (several content types, its signature decides) is not ours to judge.
  if (json && Object.keys(op.spec.requestBody!.content).length === 1 && schema?.type === 'object') {
    const body = (what: string, value: unknown) =>
      probes.push({ what, method: op.method, path: base, body: JSON.stringify(value) });
    body('an array for the body', []);
    body('a number for the body', 42);
    if (schema.additionalProperties === false) body('an unknown field', { unexpectedField: 1 });
    for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
      const wrong = wrongValue(fieldSchema);
      if (wrong !== undefined) body(`${field} of the wrong type`, { [field]: wrong });
    }
  }
  // Every operation is called at least once, even one with nothing to get wrong.
  if (probes.length === 0)
    probes.push({ what: 'an unknown query parameter', method: op.method, path: `${base}?unexpected=%00` });
  return probes;
}

it('refuses, on every route of the document, malformed ids, queries and bodies derived from its declaration (4xx, never 2xx or 5xx)', async () => {
  const ops = await operations();
  // The newest routes are in the document, so they are enumerated like the others.
  expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
    expect.arrayContaining([
      'GET /v1/me',
      'POST /v1/members',
      'PATCH /v1/members/{id}',
      'DELETE /v1/members/{id}',
      'POST /v1/webhook-subscriptions/{id}/rotate-secret',
      'POST /v1/alert-rules',
      'PATCH /v1/alert-rules/{id}',
      'GET /v1/journeys/{id}/analytics/ab-results',
    ]),
  );
  known.subscription = await newSubscription();
  known.alertRule = await newAlertRule();
  // The same key reads: a refusal below is the input's, not the credential's.
  expect((await api.call('GET', '/v1/journeys?limit=10')).status).toBe(200);
  const accepted: string[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;
  for (const op of ops)
    for (const probe of probesOf(op)) {
      const res = await fetch(`${stack.gatewayUrl}${probe.path}`, {
        method: probe.method,
        headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/json' },
        body: probe.body,
        signal: AbortSignal.timeout(20_000),
      }).catch((err: unknown) => ({ status: 599, text: () => Promise.resolve(String(err)) }) as const);
      const text = 'headers' in res ? await textOf(res) : await res.text();
      sent++;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      // Refused for what was sent (never 401/403: the key is good), except the routes that
      // authenticate by their path (a hook's token, a provider's signature). Routes with nothing
      // to get wrong answer as they do (a 2xx), but never a 5xx.
      const byPath = /^\/v1\/(hooks|webhooks)\//.test(op.path) && res.status === 401;
      const refused =
        probe.what === 'an unknown query parameter'
          ? res.status < 500
          : [400, 404, 409, 413, 415, 422].includes(res.status) || byPath;
      if (!refused)
        accepted.push(`${op.method} ${op.path} (${probe.what}) -> ${res.status} ${text.slice(0, 160)}`);
    }
  console.log(
    `document sweep: ${ops.length} operations, ${sent} malformed requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  expect(accepted).toEqual([]);
}, 120_000);
