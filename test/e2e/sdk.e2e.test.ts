/**
 * The SDK (packages/sdk) over the gateway's public gRPC API, against the whole product: create,
 * publish, enroll, send an event and watch the journey events arrive over the gRPC stream; resume
 * a watch after a disconnect without losing or repeating an event; workspace A's key on B's
 * objects; and the authentication and role matrix of every RPC.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Metadata, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { publicApiGrpc } from '@kalcifer/contracts';
import { KalciferClient, KalciferError, type JournalEntry } from '@kalcifer/sdk';
import { ROLES, roleAllows, type Role } from '../../services/api-gateway/src/application/permissions';
import { RPC_POLICIES, type RpcName } from '../../services/api-gateway/src/transport/grpc/rpc-permissions';
import { Api, createWorkspace } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { repoRoot } from '../support/repo-root';
import { Stack } from '../support/stack';

jest.setTimeout(120_000);

const PREFIX = 'e2e_sdk';
const KEY_A = 'kal_e2eSdkWorkspaceA000000000000001';
const KEY_B = 'kal_e2eSdkWorkspaceB000000000000002';
const JWT_SECRET = 'an-e2e-shared-secret-of-at-least-32-chars';
// Ports of their own (the defaults + 100): a stack left on the default ones does not answer here.
const stack = new Stack({
  dbPrefix: PREFIX,
  gatewayPort: 18180,
  grpcPort: 15151,
  healthPortBase: 19201,
  env: { 'api-gateway': { JWT_HS256_SECRET: JWT_SECRET } },
});

/** Enter, wait for a purchase (a day at most), end. */
const GRAPH = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'wait_purchase', type: 'wait_for_event', config: { event: 'purchased', timeout: 'P1D' } },
    { id: 'done', type: 'end', config: {} },
  ],
  edges: [
    { from: 'entry', to: 'wait_purchase', output: 'next' },
    { from: 'wait_purchase', to: 'done', output: 'event' },
    { from: 'wait_purchase', to: 'done', output: 'timeout' },
  ],
};

let restA: Api;
let a: KalciferClient;
let b: KalciferClient;
let workspaceA: string;
const clients: KalciferClient[] = [];

function client(options: Partial<ConstructorParameters<typeof KalciferClient>[0]>): KalciferClient {
  const c = new KalciferClient({ address: stack.publicGrpcAddress, ...options });
  clients.push(c);
  return c;
}

/** Reads a watch in the background; `entries` grows as they arrive. */
function collect(stream: AsyncIterable<JournalEntry>): { entries: JournalEntry[]; done: Promise<void> } {
  const entries: JournalEntry[] = [];
  const done = (async () => {
    for await (const entry of stream) entries.push(entry);
  })();
  // A watch still open when the clients close (after a failed test) ends with an error nobody
  // awaits; it must not surface as an unhandled rejection in the next test file.
  done.catch(() => undefined);
  return { entries, done };
}

const types = (entries: JournalEntry[], customerId: string) =>
  entries.filter((e) => e.customerId === customerId).flatMap((e) => e.events.map((ev) => ev.type));

async function launch(c: KalciferClient, name: string): Promise<string> {
  const journey = await c.createJourney({ name, graph: GRAPH });
  await c.publishVersion(journey.id, { note: 'sdk e2e' });
  await c.activateJourney(journey.id);
  return journey.id;
}

beforeAll(async () => {
  restA = await startProduct(stack, PREFIX, KEY_A);
  workspaceA = createWorkspace(`${PREFIX}_api_gateway`, KEY_A).workspaceId;
  createWorkspace(`${PREFIX}_api_gateway`, KEY_B);
  a = client({ apiKey: KEY_A });
  b = client({ apiKey: KEY_B });
}, 120_000);

afterAll(async () => {
  clients.forEach((c) => c.close());
  await stack.stopAll();
}, 60_000);

describe('the SDK against the product', () => {
  it('creates, publishes and activates a journey, enrolls, sends an event, and watches it all arrive', async () => {
    const journey = await a.createJourney({ name: 'SDK welcome', graph: GRAPH });
    expect(journey).toMatchObject({ name: 'SDK welcome', status: 'draft', latestVersion: 0 });
    const published = await a.publishVersion(journey.id, { strategy: 'new_entries_only', note: 'v1' });
    expect(published.version).toMatchObject({ journeyId: journey.id, version: 1, note: 'v1' });
    expect(await a.activateJourney(journey.id)).toMatchObject({ status: 'active', activeVersion: 1 });
    expect((await a.listVersions(journey.id)).map((v) => v.version)).toEqual([1]);

    const watch = a.watch({ journeyId: journey.id });
    const live = collect(watch);
    await watch.subscribed;

    const [accepted] = await a.enroll(journey.id, { customerId: 'ada', attributes: { plan: 'pro' } });
    expect(accepted.customerId).toBe('ada');
    await eventually(async () => types(live.entries, 'ada').includes('node.entered'), 30_000);
    const eventId = await a.sendEvent({ customerId: 'ada', name: 'purchased', properties: { total: 42 } });
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);

    await eventually(async () => types(live.entries, 'ada').includes('journey.completed'), 30_000);
    watch.close();
    await live.done;
    expect(types(live.entries, 'ada')).toEqual([
      'journey.entered',
      'node.entered',
      'node.exited',
      'node.entered',
      'node.exited',
      'node.entered',
      'node.exited',
      'journey.completed',
    ]);
    expect(live.entries.flatMap((e) => e.events.map((ev) => ev.nodeId)).slice(0, 6)).toEqual([
      'entry',
      'entry',
      'entry',
      'wait_purchase',
      'wait_purchase',
      'done',
    ]);
    const sequences = live.entries.map((e) => e.sequence);
    expect([...sequences].sort((x, y) => x - y)).toEqual(sequences);
    expect(live.entries[0]).toMatchObject({ journeyId: journey.id, version: 1, customerId: 'ada' });

    const { instances } = await a.listInstances({ journeyId: journey.id });
    expect(instances).toEqual([expect.objectContaining({ customerId: 'ada', status: 'completed' })]);
    expect(await a.getInstance(instances[0].id)).toMatchObject({
      id: instances[0].id,
      journeyId: journey.id,
    });
  });

  it('resumes a watch after a disconnect from the last sequence: nothing lost, nothing repeated', async () => {
    const journeyId = await launch(a, 'SDK resume');
    // A reader that stays connected throughout: what the resumed reader must end up with.
    const control = a.watch({ journeyId });
    const all = collect(control);
    const first = a.watch({ journeyId });
    const before = collect(first);
    await Promise.all([control.subscribed, first.subscribed]);

    const customers = Array.from({ length: 6 }, (_, i) => `res-${i}`);
    await a.enroll(
      journeyId,
      customers.slice(0, 3).map((customerId) => ({ customerId })),
    );
    await eventually(async () => before.entries.length >= 2, 30_000);
    first.close(); // disconnect mid-stream
    await before.done;
    const lastSeen = first.lastSequence!;
    expect(lastSeen).toBe(before.entries[before.entries.length - 1].sequence);

    // While nobody reads: more customers and their purchases.
    await a.enroll(
      journeyId,
      customers.slice(3).map((customerId) => ({ customerId })),
    );
    // Every customer waiting before the purchases (an event that arrives before its customer's
    // enrollment is processed finds nobody waiting, by design).
    await eventually(async () => all.entries.length >= 6, 30_000);
    for (const customerId of customers) await a.sendEvent({ customerId, name: 'purchased' });
    // 6 entries and 6 purchases: 12 steps in the journal.
    await eventually(async () => all.entries.length >= 12, 30_000);

    const resumed = a.watch({ journeyId, afterSequence: lastSeen });
    const after = collect(resumed);
    await eventually(async () => before.entries.length + after.entries.length >= 12, 30_000);
    await new Promise((r) => setTimeout(r, 500)); // nothing more should come
    resumed.close();
    control.close();
    await Promise.all([after.done, all.done]);

    const seen = [...before.entries, ...after.entries].map((e) => e.sequence);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.entries.map((e) => e.sequence));
    expect(all.entries).toHaveLength(12);
    for (const customerId of customers)
      expect(types([...before.entries, ...after.entries], customerId)).toContain('journey.completed');
  });

  it('keeps watching across a gateway restart: steps taken while it was down arrive once, in order', async () => {
    const journey = await a.createJourney({
      name: 'SDK restart',
      graph: {
        nodes: [
          { id: 'entry', type: 'manual_entry', config: {} },
          { id: 'pause', type: 'wait', config: { duration: 'PT3S' } },
          { id: 'done', type: 'end', config: {} },
        ],
        edges: [
          { from: 'entry', to: 'pause', output: 'next' },
          { from: 'pause', to: 'done', output: 'next' },
        ],
      },
    });
    await a.publishVersion(journey.id);
    await a.activateJourney(journey.id);
    const watch = a.watch({ journeyId: journey.id });
    const live = collect(watch);
    await watch.subscribed;
    const customers = ['rs-0', 'rs-1', 'rs-2'];
    await a.enroll(
      journey.id,
      customers.map((customerId) => ({ customerId })),
    );
    await eventually(async () => live.entries.length >= 3, 30_000);

    // Down while the customers' 3-second waits end: their last steps happen with no gateway.
    await stack.stop('api-gateway');
    await new Promise((r) => setTimeout(r, 4_000));
    await stack.start('api-gateway');

    await eventually(async () => live.entries.length >= 6, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    watch.close();
    await live.done;
    const sequences = live.entries.map((e) => e.sequence);
    expect(new Set(sequences).size).toBe(6);
    expect([...sequences].sort((x, y) => x - y)).toEqual(sequences);
    for (const customerId of customers)
      expect(types(live.entries, customerId)).toContain('journey.completed');
  });

  it("gives workspace B's key NOT_FOUND on every object of A, and B's watch none of A's events", async () => {
    const journeyId = await launch(a, 'SDK A only');
    await a.enroll(journeyId, { customerId: 'alice' });
    const instance = await eventually(async () => (await a.listInstances({ journeyId })).instances[0]);
    // B cannot watch A's journey by its id (nor a journey that does not exist)...
    for (const id of [journeyId, 'jr_nosuch']) {
      await expect(collect(b.watch({ journeyId: id })).done).rejects.toMatchObject({
        status: 'NOT_FOUND',
        errorCode: 'journey_not_found',
        message: expect.stringContaining(`No journey with id "${id}"`),
      });
    }
    // ...and B's watch of its whole workspace shows none of A's events.
    const bWatch = b.watch({});
    const bEvents = collect(bWatch);
    await bWatch.subscribed;

    const attempts: Record<string, () => Promise<unknown>> = {
      GetJourney: () => b.getJourney(journeyId),
      UpdateDraft: () => b.updateDraft(journeyId, { graph: GRAPH, name: 'hijacked' }),
      PublishVersion: () => b.publishVersion(journeyId, { note: 'hijack' }),
      ListVersions: () => b.listVersions(journeyId),
      GetVersion: () => b.getVersion(journeyId, 1),
      'SetJourneyStatus pause': () => b.pauseJourney(journeyId),
      'SetJourneyStatus archive': () => b.archiveJourney(journeyId),
      EnrollCustomers: () => b.enroll(journeyId, { customerId: 'mallory' }),
      GetInstance: () => b.getInstance(instance.id),
      'CommandInstance exit': () => b.exitInstance(instance.id, 'hijack'),
    };
    const answers: Record<string, string> = {};
    for (const [name, attempt] of Object.entries(attempts)) {
      const err = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      answers[name] = err instanceof KalciferError ? err.status : `answered ${String(err)}`;
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(attempts).map((k) => [k, 'NOT_FOUND'])));
    expect((await b.listJourneys()).journeys.map((j) => j.id)).not.toContain(journeyId);
    expect((await b.listInstances({ journeyId })).instances).toEqual([]);
    // B's event for a customer id A also has goes to B's workspace only.
    await b.sendEvent({ customerId: 'alice', name: 'purchased' });

    await a.enroll(journeyId, { customerId: 'after' });
    await eventually(async () => (await a.listInstances({ journeyId })).instances.length === 2);
    await new Promise((r) => setTimeout(r, 1_000));
    bWatch.close();
    await bEvents.done;
    expect(bEvents.entries).toEqual([]);

    // A's objects are as A left them.
    expect(await a.getJourney(journeyId)).toMatchObject({
      name: 'SDK A only',
      status: 'active',
      latestVersion: 1,
    });
    expect(await a.getInstance(instance.id)).toMatchObject({ status: 'waiting', customerId: 'alice' });
  });

  it('answers bad input with INVALID_ARGUMENT saying what to fix, and changes nothing', async () => {
    const before = (await a.listJourneys({ limit: 200 })).journeys.length;
    const err = (await a.createJourney({ name: '' }).catch((e: unknown) => e)) as KalciferError;
    expect(err).toBeInstanceOf(KalciferError);
    expect(err).toMatchObject({ status: 'INVALID_ARGUMENT', errorCode: 'invalid_request' });
    expect(err.message).toMatch(/^invalid request: name is required/);
    const badEvent = (await a
      .sendEvents([{ customerId: '', name: 'x' }])
      .catch((e: unknown) => e)) as KalciferError;
    expect(badEvent).toMatchObject({ status: 'INVALID_ARGUMENT' });
    expect(badEvent.message).toContain('events[0]: customerId is required');
    const badType = a.watch({ types: ['node.teleported'] });
    await expect(collect(badType).done).rejects.toMatchObject({
      status: 'INVALID_ARGUMENT',
      message: expect.stringContaining('unknown event type "node.teleported"'),
    });
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 80; i++) deep = { deeper: deep };
    const tooDeep = (await a
      .createJourney({ name: 'deep', graph: { nodes: [], edges: [], deep } })
      .catch((e: unknown) => e)) as KalciferError;
    expect(tooDeep).toMatchObject({ status: 'INVALID_ARGUMENT', errorCode: 'body_too_deep' });
    expect((await a.listJourneys({ limit: 200 })).journeys.length).toBe(before);
  });

  it('answers over the rate limit with RESOURCE_EXHAUSTED and retry-after; the SDK waits and succeeds', async () => {
    const restB = new Api(stack.gatewayUrl, KEY_B);
    await restB.ok('PUT', '/v1/quotas', { eventsPerSecond: 3 });
    const noRetry = client({ apiKey: KEY_B, retry: false });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        noRetry.sendEvent({ customerId: `rl-${i}`, name: 'ping' }).then(
          () => 'ok',
          (e: KalciferError) => `${e.status} ${e.errorCode} retry-after=${e.retryAfterSeconds}`,
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok').length).toBeLessThanOrEqual(3);
    expect(results).toContainEqual(
      expect.stringMatching(/^RESOURCE_EXHAUSTED rate_limited retry-after=\d+$/),
    );
    // With retries (the default), the same burst gets through, waiting out the limit.
    const retrying = client({ apiKey: KEY_B, deadlineMs: 20_000 });
    const ids = await Promise.all(
      Array.from({ length: 6 }, (_, i) => retrying.sendEvent({ customerId: `rl2-${i}`, name: 'ping' })),
    );
    expect(new Set(ids).size).toBe(6);
    await restB.ok('PUT', '/v1/quotas', { eventsPerSecond: 100_000 });
  });
});

describe('the example of the SDK README', () => {
  it('runs against the product: the journey it makes completes for ada, as it prints', async () => {
    const run = promisify(execFile);
    const root = repoRoot();
    await run(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'packages/sdk/examples'],
      {
        cwd: root,
      },
    );
    const { stdout } = await run(process.execPath, ['packages/sdk/examples/dist/quickstart.js'], {
      cwd: root,
      env: { ...process.env, KALCIFER_API_KEY: KEY_A, KALCIFER_GRPC: stack.publicGrpcAddress },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^journey jr_\S+ is active$/m);
    expect(stdout).toMatch(/^enrolled ada \(enrollment [0-9a-f-]{36}\)$/m);
    expect(stdout).toMatch(/^#\d+ ada journey\.entered at entry$/m);
    expect(stdout).toMatch(/^#\d+ ada node\.exited at wait_for_purchase$/m);
    expect(stdout).toMatch(/^#\d+ ada journey\.completed/m);
    expect(stdout).toMatch(/^resume later with client\.watch\(\{ afterSequence: \d+ \}\)$/m);
  });
});

describe('authentication and the role matrix of every RPC', () => {
  const raw = () =>
    new publicApiGrpc.PublicApiServiceClient(stack.publicGrpcAddress, credentials.createInsecure());
  let journeyId: string;
  let draftId: string;
  let instanceId: string;

  beforeAll(async () => {
    journeyId = await launch(a, 'SDK matrix');
    draftId = (await a.createJourney({ name: 'SDK matrix draft', graph: GRAPH })).id;
    await a.enroll(journeyId, { customerId: 'matrix' });
    instanceId = (await eventually(async () => (await a.listInstances({ journeyId })).instances[0])).id;
  });

  /** A request each RPC accepts, so that the answer is about the caller, not the input. */
  const requests = (): Record<RpcName, unknown> => ({
    createJourney: publicApiGrpc.CreateJourneyRequest.fromPartial({ name: 'matrix' }),
    listJourneys: publicApiGrpc.ListJourneysRequest.fromPartial({}),
    getJourney: publicApiGrpc.GetJourneyRequest.fromPartial({ journeyId }),
    updateDraft: publicApiGrpc.UpdateDraftRequest.fromPartial({ journeyId: draftId, graph: GRAPH }),
    publishVersion: publicApiGrpc.PublishVersionRequest.fromPartial({ journeyId: draftId, dryRun: true }),
    listVersions: publicApiGrpc.ListVersionsRequest.fromPartial({ journeyId }),
    getVersion: publicApiGrpc.GetVersionRequest.fromPartial({ journeyId, version: 1 }),
    setJourneyStatus: publicApiGrpc.SetJourneyStatusRequest.fromPartial({
      journeyId: draftId,
      action: 'pause',
    }),
    enrollCustomers: publicApiGrpc.EnrollCustomersRequest.fromPartial({
      journeyId,
      enrollments: [{ customerId: 'matrix-2' }],
    }),
    sendEvents: publicApiGrpc.SendEventsRequest.fromPartial({
      events: [{ customerId: 'matrix', name: 'noop' }],
    }),
    listInstances: publicApiGrpc.ListInstancesRequest.fromPartial({}),
    getInstance: publicApiGrpc.GetInstanceRequest.fromPartial({ instanceId }),
    commandInstance: publicApiGrpc.CommandInstanceRequest.fromPartial({
      instanceId: 'in_missing',
      action: 'pause',
    }),
    watch: publicApiGrpc.WatchRequest.fromPartial({}),
  });

  /** The status an RPC answers with this metadata ('OK' when it answered). */
  async function statusOf(rpc: RpcName, metadata: Metadata): Promise<string> {
    const c = raw();
    try {
      const method = (c as unknown as Record<string, (...args: unknown[]) => unknown>)[rpc].bind(c);
      if (rpc === 'watch') {
        const call = method(requests()[rpc], metadata) as NodeJS.EventEmitter & { cancel(): void };
        return await new Promise<string>((resolve) => {
          call.on('data', () => undefined);
          call.on('error', (err: ServiceError) => resolve(status[err.code]));
          // No error within a second: the stream is open.
          setTimeout(() => {
            resolve('OK');
            call.cancel();
          }, 1_000);
        });
      }
      return await new Promise<string>((resolve) =>
        method(requests()[rpc], metadata, { deadline: Date.now() + 10_000 }, (err: ServiceError | null) =>
          resolve(err ? status[err.code] : 'OK'),
        ),
      );
    } finally {
      c.close();
    }
  }

  const withHeader = (key: string, value: string) => {
    const m = new Metadata();
    m.set(key, value);
    return m;
  };
  const hs256 = (claims: Record<string, unknown>) => {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const data = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
    return `${data}.${createHmac('sha256', JWT_SECRET).update(data).digest('base64url')}`;
  };

  it('refuses a call without a credential, or with a wrong one, as UNAUTHENTICATED', async () => {
    const rpcs = Object.keys(RPC_POLICIES) as RpcName[];
    const none = await Promise.all(rpcs.map((rpc) => statusOf(rpc, new Metadata())));
    expect(none).toEqual(rpcs.map(() => 'UNAUTHENTICATED'));
    expect(
      await statusOf('listJourneys', withHeader('authorization', 'Bearer kal_notAKey000000000000')),
    ).toBe('UNAUTHENTICATED');
    expect(await statusOf('listJourneys', withHeader('x-api-key', 'kal_notAKey000000000000'))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await statusOf('listJourneys', withHeader('authorization', 'Basic abc'))).toBe('UNAUTHENTICATED');
  });

  it('accepts an API key as authorization: Bearer or as x-api-key, and a JWT', async () => {
    expect(await statusOf('listJourneys', withHeader('authorization', `Bearer ${KEY_A}`))).toBe('OK');
    expect(await statusOf('listJourneys', withHeader('x-api-key', KEY_A))).toBe('OK');
    const token = hs256({
      sub: 'carol',
      exp: Math.floor(Date.now() / 1000) + 3600,
      workspace: workspaceA,
      role: 'viewer',
    });
    const viaJwt = client({ token });
    expect((await viaJwt.getJourney(journeyId)).id).toBe(journeyId);
  });

  it.each(ROLES)(
    'lets the %s role call exactly the RPCs its permission allows (API key and JWT)',
    async (role: Role) => {
      const created = await restA.ok<{ key: string }>('POST', '/v1/api-keys', { name: `sdk-${role}`, role });
      const token = hs256({
        sub: `u-${role}`,
        exp: Math.floor(Date.now() / 1000) + 3600,
        workspace: workspaceA,
        role,
      });
      for (const credential of [created.key, token]) {
        const matrix: Record<string, string> = {};
        const expected: Record<string, string> = {};
        for (const rpc of Object.keys(RPC_POLICIES) as RpcName[]) {
          const answer = await statusOf(rpc, withHeader('authorization', `Bearer ${credential}`));
          matrix[rpc] = answer === 'PERMISSION_DENIED' || answer === 'UNAUTHENTICATED' ? answer : 'allowed';
          expected[rpc] = roleAllows(role, RPC_POLICIES[rpc].permission) ? 'allowed' : 'PERMISSION_DENIED';
        }
        expect(matrix).toEqual(expected);
      }
    },
  );

  it('says which role an RPC needs', async () => {
    const created = await restA.ok<{ key: string }>('POST', '/v1/api-keys', {
      name: 'sdk-viewer-2',
      role: 'viewer',
    });
    const viewer = client({ apiKey: created.key });
    const err = (await viewer.createJourney({ name: 'nope' }).catch((e: unknown) => e)) as KalciferError;
    expect(err).toMatchObject({ status: 'PERMISSION_DENIED', errorCode: 'insufficient_role' });
    expect(err.message).toBe(
      'CreateJourney needs the editor role or above; this api_key:sdk-viewer-2 has the viewer role',
    );
  });

  it('audits configuration changes made over gRPC like their REST twins', async () => {
    const journeyId = await launch(a, 'SDK audited');
    const { entries } = await restA.ok<{ entries: Record<string, unknown>[] }>(
      'GET',
      `/v1/audit?targetId=${journeyId}`,
    );
    const common = { actor: 'api_key:admin', role: 'admin', ip: '127.0.0.1' };
    // Newest first.
    expect(entries).toEqual([
      expect.objectContaining({
        ...common,
        action: 'journey.activated',
        route: 'gRPC SetJourneyStatus',
        target: { id: journeyId },
      }),
      expect.objectContaining({
        ...common,
        action: 'version.published',
        route: 'gRPC PublishVersion',
        target: { id: journeyId },
      }),
      expect.objectContaining({
        ...common,
        action: 'journey.created',
        route: 'gRPC CreateJourney',
        createdId: journeyId,
      }),
    ]);
  });
});
