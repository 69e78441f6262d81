/**
 * The activeInstances quota (issue 13) on the whole stack: a workspace may have so many open
 * journey instances. Enrollments (a batch refused whole) and webhook entries beyond it get 429 with
 * Retry-After and a message naming the limit and the count, and nothing is enqueued; once
 * instances end they are accepted again. An event is accepted work: its entry is never refused,
 * it counts like any other instance.
 */
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { STREAMS, subjects } from '@kalcifer/contracts';
import { KalciferClient, KalciferError } from '@kalcifer/sdk';
import { Api } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually, infra } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(300_000);

const PREFIX = 'e2e_instance_quota';
const stack = new Stack({ dbPrefix: PREFIX });
const LIMIT = 3;
let api: Api;
let workspaceId: string;
let nc: NatsConnection;
let jsm: JetStreamManager;
let manual: string;

const waiting = (entry: { id: string; type: string; config: Record<string, unknown> }) => ({
  nodes: [entry, { id: 'hold', type: 'wait', config: { duration: 'P1D' } }],
  edges: [{ from: entry.id, to: 'hold', output: 'next' }],
});

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eInstanceQuotaKey000000001');
  workspaceId = (await api.ok<{ workspaceId: string }>('GET', '/v1/me')).workspaceId;
  nc = await connect({ servers: infra.natsUrl });
  jsm = await jetstreamManager(nc);
}, 200_000);

afterAll(async () => {
  await nc?.close();
  await stack.stopAll();
}, 60_000);

/** Entries the gateway has enqueued for the workspace (enrollments and webhook entries). */
async function enqueued(): Promise<number> {
  const subject = subjects.enroll(workspaceId);
  const info = await jsm.streams.info(STREAMS.signals.name, { subjects_filter: subject });
  return info.state.subjects?.[subject] ?? 0;
}

async function post(path: string, body: unknown, key: string | undefined = api.apiKey) {
  const res = await fetch(`${stack.gatewayUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (text ? JSON.parse(text) : undefined) as { error?: { code: string; message: string } },
  };
}

const open = async (journeyId: string) =>
  (await api.allInstances(`journeyId=${journeyId}`)).filter((i) => i.status === 'waiting');

it('refuses entries beyond the open-instance quota with 429 and enqueues nothing; accepts again once instances end', async () => {
  const quotas = await api.ok<{ quotas: { activeInstances: number }; defaults: { activeInstances: number } }>(
    'PUT',
    '/v1/quotas',
    { activeInstances: LIMIT },
  );
  expect(quotas.quotas.activeInstances).toBe(LIMIT);
  expect(quotas.defaults.activeInstances).toBe(10_000_000);

  manual = await api.launchJourney(
    'quota-manual',
    waiting({ id: 'entry', type: 'manual_entry', config: {} }),
  );
  const enroll = (ids: string[]) =>
    post(`/v1/journeys/${manual}/enrollments`, {
      enrollments: ids.map((id) => ({ customerId: id, enrollmentId: id })),
    });

  // Under the limit: accepted.
  expect((await enroll(['q-1', 'q-2'])).status).toBe(202);
  await eventually(async () => ((await open(manual)).length === 2 ? true : undefined), 60_000, 200);

  // A batch that would cross the limit is refused whole.
  const before = await enqueued();
  const crossing = await enroll(['q-3', 'q-4']);
  expect(crossing.status).toBe(429);
  expect(crossing.retryAfter).toMatch(/^[1-9]\d*$/);
  expect(crossing.body.error?.code).toBe('quota_exceeded');
  expect(crossing.body.error?.message).toContain(`may have ${LIMIT} open journey instances and has 2`);
  expect(await enqueued()).toBe(before);

  // Up to the limit: accepted; at it, refused (REST and webhook entry alike).
  expect((await enroll(['q-3'])).status).toBe(202);
  await eventually(async () => ((await open(manual)).length === 3 ? true : undefined), 60_000, 200);
  await new Promise((r) => setTimeout(r, 1_200)); // past the gateway's count cache: the store's count
  const atLimit = await enroll(['q-5']);
  expect(atLimit.status).toBe(429);
  expect(atLimit.retryAfter).toMatch(/^[1-9]\d*$/);
  expect(atLimit.body.error?.message).toContain(`may have ${LIMIT} open journey instances and has 3`);

  // The gRPC API's EnrollCustomers the same (RESOURCE_EXHAUSTED with retry-after).
  const sdk = new KalciferClient({ address: stack.publicGrpcAddress, apiKey: api.apiKey, retry: false });
  try {
    const grpcRefusal = await sdk.enroll(manual, [{ customerId: 'g-1' }]).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(grpcRefusal).toBeInstanceOf(KalciferError);
    expect(grpcRefusal).toMatchObject({ status: 'RESOURCE_EXHAUSTED', errorCode: 'quota_exceeded' });
    expect((grpcRefusal as KalciferError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  } finally {
    sdk.close();
  }

  const hooked = await api.launchJourney(
    'quota-hook',
    waiting({ id: 'hook', type: 'webhook_entry', config: {} }),
  );
  const { webhookPath } = await api.ok<{ webhookPath: string }>('GET', `/v1/journeys/${hooked}`);
  const hook = await post(webhookPath, { customerId: 'h-1' }, undefined);
  expect(hook.status).toBe(429);
  expect(hook.retryAfter).toMatch(/^[1-9]\d*$/);
  expect(hook.body.error?.code).toBe('quota_exceeded');
  expect(await enqueued()).toBe(before + 1);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await open(hooked)).toEqual([]);
  expect((await open(manual)).map((i) => i.customerId).sort()).toEqual(['q-1', 'q-2', 'q-3']);

  // Instances end: entries are accepted again (within the count cache's 1 s and a refresh).
  for (const i of (await open(manual)).filter((x) => x.customerId !== 'q-1'))
    expect((await api.call('POST', `/v1/instances/${i.id}/exit`, { reason: 'quota test' })).status).toBe(202);
  await eventually(async () => ((await open(manual)).length === 1 ? true : undefined), 60_000, 200);
  const again = await eventually(
    async () => {
      const res = await enroll(['q-6', 'q-7']);
      return res.status === 429 ? undefined : res;
    },
    10_000,
    250,
  );
  expect(again.status).toBe(202);
  await eventually(async () => ((await open(manual)).length === 3 ? true : undefined), 60_000, 200);
});

it('never refuses the entry of an accepted event: it enters beyond the quota, and enrollments wait', async () => {
  const evented = await api.launchJourney(
    'quota-event',
    waiting({ id: 'signup', type: 'event_entry', config: { event: 'signed_up', reentry: 'always' } }),
  );
  const sent = await api.call('POST', '/v1/events', { customerId: 'e-1', name: 'signed_up' });
  expect(sent.status).toBe(202);
  await eventually(async () => ((await open(evented)).length === 1 ? true : undefined), 60_000, 200);
  await new Promise((r) => setTimeout(r, 1_200));
  expect(await api.allInstances('status=waiting')).toHaveLength(LIMIT + 1);
  const refused = await eventually(
    async () => {
      const res = await post(`/v1/journeys/${manual}/enrollments`, { enrollments: [{ customerId: 'x' }] });
      // The event's instance is in the next count (a stale one answers while it is read).
      return res.status === 429 && res.body.error?.message.includes(`has ${LIMIT + 1}`) ? res : undefined;
    },
    5_000,
    250,
  );
  expect(refused.retryAfter).toMatch(/^[1-9]\d*$/);
});
