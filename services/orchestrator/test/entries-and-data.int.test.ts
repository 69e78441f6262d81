/**
 * The orchestrator's entries and data nodes against the real NATS, the MongoDB-wire server (DocumentDB), Redis and the
 * QuickJS sandbox: webhook entry, scheduled entry (cron ticks, deduplicated across replicas),
 * segment entry on profile change, re-entry policies, update_profile / tags, custom_code.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { grpc, subjects, type EnrollMessage } from '@kalcifer/contracts';
import { createGrpcClient, createLogger, publishJson, type PromiseClient } from '@kalcifer/platform';
import { startOrchestrator, type RunningOrchestrator } from '../src/app';
import { readConfig } from '../src/config';
import { eventually, infra, resetAll } from '../../../test/support/infra';

jest.setTimeout(90_000);

const DB = 'int_orchestrator_entries';
const WS = 'ws_int_entries';
let orchestrator: RunningOrchestrator;
let client: PromiseClient<typeof grpc.OrchestratorService>;
let nc: NatsConnection;
let js: JetStreamClient;

beforeAll(async () => {
  await resetAll(DB);
  nc = await connect({ servers: infra.natsUrl });
  js = jetstream(nc);
  orchestrator = await startOrchestrator(
    readConfig({
      NATS_URL: infra.natsUrl,
      MONGODB_URL: infra.mongoUrl,
      MONGODB_DB: DB,
      REDIS_URL: infra.redisUrl,
      GRPC_ADDRESS: '127.0.0.1:0',
      LOG_LEVEL: 'warn',
      // The test drives the entry ticks itself.
      ENTRY_TICK_MS: '3600000',
      JOURNEY_CACHE_MS: '0',
    }),
    createLogger('orchestrator-test', 'warn'),
  );
  client = createGrpcClient(grpc.OrchestratorService, `127.0.0.1:${orchestrator.grpcPort}`);
}, 60_000);

afterAll(async () => {
  client.close();
  await orchestrator.close();
  await nc.close();
});

const hold = { id: 'hold', type: 'wait', config: { duration: 'P1D' } };

async function launch(nodes: unknown[], edges: unknown[]): Promise<string> {
  const j = await client.createJourney({
    workspaceId: WS,
    name: 'entries',
    description: '',
    graph: { nodes, edges },
    actor: 't',
  });
  await publish(j.id);
  await client.setJourneyStatus({ workspaceId: WS, journeyId: j.id, action: 'activate', actor: 't' });
  return j.id;
}

/** Publishes the draft with the default strategy (new entries only). */
const publish = (journeyId: string) =>
  client.publishVersion({
    workspaceId: WS,
    journeyId,
    strategy: '',
    note: '',
    actor: 't',
    dryRun: false,
    mapping: undefined,
    removedNodePolicy: '',
    rollout: undefined,
  });

async function instancesOf(journeyId: string, customerId = '') {
  const res = await client.listInstances({
    workspaceId: WS,
    journeyId,
    customerId,
    status: '',
    limit: 500,
    cursor: '',
  });
  return res.instances;
}

async function attributes(customerId: string) {
  return (await client.getCustomer({ workspaceId: WS, customerId })).attributes ?? {};
}

const upsert = (customerId: string, attributes: Record<string, unknown>) =>
  client.upsertCustomer({ workspaceId: WS, customerId, attributes });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('webhook entry', () => {
  it('starts the customer named in the payload, once per delivery id, and changes the profile once', async () => {
    const journeyId = await launch(
      [
        { id: 'hook', type: 'webhook_entry', config: {} },
        {
          id: 'mark',
          type: 'update_profile',
          config: { set: { source: 'hook' }, increment: { hooks: 1 } },
        },
        { id: 'tag', type: 'add_tag', config: { tag: 'hooked' } },
        hold,
      ],
      [
        { from: 'hook', to: 'mark', output: 'next' },
        { from: 'mark', to: 'tag', output: 'next' },
        { from: 'tag', to: 'hold', output: 'next' },
      ],
    );
    const journey = await client.getJourney({ workspaceId: WS, journeyId });
    expect(journey.webhookToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await expect(client.resolveWebhookEntry({ journeyId, token: 'wrong' })).rejects.toMatchObject({
      code: 'webhook_not_found',
    });
    const target = await client.resolveWebhookEntry({ journeyId, token: journey.webhookToken });
    expect(target).toEqual({ workspaceId: WS, journeyId, entryNodeId: 'hook' });

    const body: EnrollMessage = {
      workspaceId: WS,
      journeyId,
      customerId: 'hank',
      enrollmentId: 'hook:delivery-1',
      entryNodeId: 'hook',
      context: { customerId: 'hank', orderId: 'o-1' },
      acceptedAt: Date.now(),
    };
    // The same delivery twice (a provider retry), published under different message ids.
    await publishJson(js, { subject: subjects.enroll(WS), msgId: 'hook-a', body });
    await publishJson(js, { subject: subjects.enroll(WS), msgId: 'hook-b', body });
    const [instance] = await eventually(async () => {
      const found = await instancesOf(journeyId, 'hank');
      return found.length > 0 && found[0].status === 'waiting' ? found : undefined;
    });
    expect(instance.state?.context).toMatchObject({ orderId: 'o-1' });
    const profile = await eventually(async () => {
      const a = await attributes('hank');
      return Array.isArray(a.tags) && a.source === 'hook' ? a : undefined;
    });
    expect(profile).toMatchObject({ source: 'hook', hooks: 1, tags: ['hooked'] });
    await sleep(500);
    expect(await instancesOf(journeyId, 'hank')).toHaveLength(1);
    expect((await attributes('hank')).hooks).toBe(1);
  });
});

describe('scheduled entry', () => {
  it('enters the customers meeting the criteria at each cron firing, once even when two replicas tick', async () => {
    await upsert('sam-pro', { plan: 'pro' });
    await upsert('sue-free', { plan: 'free' });
    const journeyId = await launch(
      [
        {
          id: 'cron',
          type: 'scheduled_entry',
          config: { cron: '* * * * *', criteria: 'customer.plan == "pro"' },
        },
        hold,
      ],
      [{ from: 'cron', to: 'hold', output: 'next' }],
    );
    const nextMinute = Math.ceil(Date.now() / 60_000) * 60_000 + 1_000;
    // Two replicas tick for the same firing.
    await Promise.all([orchestrator.tickEntries(nextMinute), orchestrator.tickEntries(nextMinute)]);
    const entered = await eventually(async () => {
      const found = await instancesOf(journeyId);
      return found.length > 0 ? found : undefined;
    });
    await sleep(1_000);
    expect((await instancesOf(journeyId)).map((i) => i.customerId)).toEqual(['sam-pro']);
    expect(entered[0].state?.context).toMatchObject({ trigger: { kind: 'scheduled_entry', nodeId: 'cron' } });
  });
});

describe('segment entry', () => {
  it('enters a customer when a profile change puts them in the segment, and only once at a time', async () => {
    const journeyId = await launch(
      [
        { id: 'seg', type: 'segment_entry', config: { segment: { expression: 'customer.score > 10' } } },
        hold,
      ],
      [{ from: 'seg', to: 'hold', output: 'next' }],
    );
    await upsert('sid', { score: 5 });
    await sleep(1_000);
    expect(await instancesOf(journeyId, 'sid')).toHaveLength(0);
    await upsert('sid', { score: 20 });
    await eventually(async () => ((await instancesOf(journeyId, 'sid')).length === 1 ? true : undefined));
    await upsert('sid', { score: 30 });
    await sleep(1_500);
    expect(await instancesOf(journeyId, 'sid')).toHaveLength(1);
  });
});

describe("segment entry with the user's own segment service", () => {
  let server: Server;
  const asked: unknown[] = [];

  beforeAll(async () => {
    // The user's segment engine: answers {"member": true} for customers whose plan is "team".
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const request = JSON.parse(body) as { customerId: string; attributes: { plan?: string } };
        asked.push(request);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ member: request.attributes.plan === 'team' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('asks the URL on each profile change and enters the members only', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/segments/teams`;
    const journeyId = await launch(
      [{ id: 'seg', type: 'segment_entry', config: { segment: { url } } }, hold],
      [{ from: 'seg', to: 'hold', output: 'next' }],
    );
    await upsert('tina', { plan: 'team' });
    await upsert('fred', { plan: 'free' });
    await eventually(async () => ((await instancesOf(journeyId, 'tina')).length === 1 ? true : undefined));
    await sleep(1_000);
    expect(await instancesOf(journeyId, 'fred')).toHaveLength(0);
    expect(asked).toEqual(
      expect.arrayContaining([
        { workspaceId: WS, customerId: 'tina', attributes: { plan: 'team' } },
        { workspaceId: WS, customerId: 'fred', attributes: { plan: 'free' } },
      ]),
    );
  });
});

describe('templates at publish time', () => {
  it('refuses to publish a message template that does not compile, naming the node and field', async () => {
    const j = await client.createJourney({
      workspaceId: WS,
      name: 'broken template',
      description: '',
      graph: {
        nodes: [
          { id: 'entry', type: 'manual_entry', config: {} },
          { id: 'hello', type: 'send_email', config: { subject: 'Hi {{ customer.firstName | shout }}' } },
        ],
        edges: [{ from: 'entry', to: 'hello', output: 'next' }],
      },
      actor: 't',
    });
    const refused = publish(j.id);
    await expect(refused).rejects.toMatchObject({
      code: 'invalid_graph',
      details: {
        errors: [expect.objectContaining({ nodeId: 'hello', code: 'invalid_template', field: 'subject' })],
      },
    });
    const after = await client.getJourney({ workspaceId: WS, journeyId: j.id });
    expect(after.latestVersion).toBe(0);
  });
});

describe('re-entry policy', () => {
  it('lets a customer into a "once" journey a single time, even after the first instance ended', async () => {
    const journeyId = await launch(
      [
        { id: 'ping', type: 'event_entry', config: { event: 'ping', reentry: 'once' } },
        { id: 'bye', type: 'exit', config: {} },
      ],
      [{ from: 'ping', to: 'bye', output: 'next' }],
    );
    for (const id of ['p1', 'p2', 'p3']) {
      await publishJson(js, {
        subject: subjects.events(WS),
        msgId: id,
        body: {
          workspaceId: WS,
          customerId: 'olga',
          event: { id, name: 'ping', properties: {}, timestamp: Date.now() },
          receivedAt: Date.now(),
        },
      });
      await sleep(300);
    }
    await eventually(async () => ((await instancesOf(journeyId, 'olga')).length === 1 ? true : undefined));
    await sleep(1_000);
    const instances = await instancesOf(journeyId, 'olga');
    expect(instances).toHaveLength(1);
    expect(instances[0].status).toBe('exited');
  });
});

describe('custom code', () => {
  it('routes by the output the sandboxed code returns and merges its context', async () => {
    const journeyId = await launch(
      [
        { id: 'entry', type: 'manual_entry', config: {} },
        {
          id: 'score',
          type: 'custom_code',
          config: {
            code: 'return { output: customer.orders > 3 ? "loyal" : "next", context: { doubled: customer.orders * 2 } };',
            outputs: ['loyal'],
          },
        },
        hold,
        { id: 'bye', type: 'exit', config: {} },
      ],
      [
        { from: 'entry', to: 'score', output: 'next' },
        { from: 'score', to: 'hold', output: 'loyal' },
        { from: 'score', to: 'bye', output: 'next' },
      ],
    );
    for (const [customerId, orders] of [
      ['cody', 5],
      ['cleo', 1],
    ] as const) {
      const body: EnrollMessage = {
        workspaceId: WS,
        journeyId,
        customerId,
        enrollmentId: `code-${customerId}`,
        context: {},
        attributes: { orders },
        acceptedAt: Date.now(),
      };
      await publishJson(js, { subject: subjects.enroll(WS), msgId: `code-${customerId}`, body });
    }
    const cody = await eventually(async () => (await instancesOf(journeyId, 'cody'))[0]);
    const cleo = await eventually(async () => (await instancesOf(journeyId, 'cleo'))[0]);
    expect(cody.status).toBe('waiting');
    expect(cody.state?.context).toMatchObject({ doubled: 10 });
    expect(cleo.status).toBe('exited');
  });
});
