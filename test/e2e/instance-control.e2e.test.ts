/**
 * Controlling one customer's instance through the REST API (pause, resume, exit) and the webhook
 * entry's refusals, on the real stack and the real clock.
 */
import type { Api } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(180_000);

const PREFIX = 'e2e_control';
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;

interface InstanceView {
  id: string;
  status: string;
  statusReason: string | null;
  trace: { type: string; nodeId?: string; message?: string }[];
}

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eControlKey000000000000000001');
}, 120_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

const twoWaits = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'first', type: 'wait', config: { duration: 'PT3S' } },
    { id: 'tag', type: 'add_tag', config: { tag: 'waited' } },
    { id: 'second', type: 'wait', config: { duration: 'P1D' } },
  ],
  edges: [
    { from: 'entry', to: 'first', output: 'next' },
    { from: 'first', to: 'tag', output: 'next' },
    { from: 'tag', to: 'second', output: 'next' },
  ],
};

async function instanceOf(journeyId: string, customerId: string): Promise<InstanceView> {
  const [listed] = await api.allInstances(`journeyId=${journeyId}&customerId=${customerId}`);
  if (!listed) throw new Error(`no instance yet for ${customerId}`);
  return api.ok<InstanceView>('GET', `/v1/instances/${listed.id}`);
}

it('holds a paused instance past its timer, moves it on resume, and exits another at once', async () => {
  const journeyId = await api.launchJourney('control', twoWaits);
  await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, {
    enrollments: [{ customerId: 'paula' }, { customerId: 'xavier' }],
  });
  const paula = await eventually(async () => {
    const i = await instanceOf(journeyId, 'paula').catch(() => undefined);
    return i?.status === 'waiting' ? i : undefined;
  });
  const xavier = await eventually(async () => {
    const i = await instanceOf(journeyId, 'xavier').catch(() => undefined);
    return i?.status === 'waiting' ? i : undefined;
  });

  const paused = await api.call('POST', `/v1/instances/${paula.id}/pause`);
  expect(paused.status).toBe(202);
  await eventually(async () =>
    (await instanceOf(journeyId, 'paula')).status === 'paused' ? true : undefined,
  );
  // Its 3-second timer comes due while paused: nothing moves.
  await new Promise((r) => setTimeout(r, 5_000));
  const held = await instanceOf(journeyId, 'paula');
  expect(held.status).toBe('paused');
  expect(held.trace.some((t) => t.nodeId === 'tag')).toBe(false);

  expect((await api.call('POST', `/v1/instances/${paula.id}/resume`)).status).toBe(202);
  const resumed = await eventually(async () => {
    const i = await instanceOf(journeyId, 'paula');
    return i.status === 'waiting' && i.trace.some((t) => t.type === 'node_entered' && t.nodeId === 'second')
      ? i
      : undefined;
  });
  expect(resumed.trace.some((t) => t.type === 'resumed')).toBe(true);

  const exit = await api.call('POST', `/v1/instances/${xavier.id}/exit`, { reason: 'asked to stop' });
  expect(exit.status).toBe(202);
  const exited = await eventually(async () => {
    const i = await instanceOf(journeyId, 'xavier');
    return i.status === 'exited' ? i : undefined;
  });
  expect(exited.statusReason).toBe('asked to stop');

  // An ended instance cannot be commanded; an unknown one is not found; a bad reason is refused.
  const again = await api.call<{ error: { code: string } }>('POST', `/v1/instances/${xavier.id}/resume`);
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('instance_ended');
  expect((await api.call('POST', '/v1/instances/in_nope/exit')).status).toBe(404);
  const bad = await api.call<{ error: { code: string } }>('POST', `/v1/instances/${paula.id}/exit`, {
    reason: 42,
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('invalid_reason');
});

it('refuses a webhook entry with a wrong token or without a customer id, and enters nobody', async () => {
  const journeyId = await api.launchJourney('hooked', {
    nodes: [
      { id: 'hook', type: 'webhook_entry', config: {} },
      { id: 'hold', type: 'wait', config: { duration: 'P1D' } },
    ],
    edges: [{ from: 'hook', to: 'hold', output: 'next' }],
  });
  const { webhookPath } = await api.ok<{ webhookPath: string }>('GET', `/v1/journeys/${journeyId}`);
  const post = (path: string, body: unknown) =>
    fetch(`${stack.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const wrong = await post(`/v1/hooks/${journeyId}/not-the-token`, { customerId: 'mallory' });
  expect(wrong.status).toBe(404);
  expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('webhook_not_found');
  const anonymous = await post(webhookPath, { orderId: 'o-1' });
  expect(anonymous.status).toBe(400);
  expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('missing_customer_id');
  const ok = await post(webhookPath, { customerId: 'wendy', orderId: 'o-2' });
  expect(ok.status).toBe(202);
  await eventually(async () =>
    (await api.allInstances(`journeyId=${journeyId}`)).length === 1 ? true : undefined,
  );
  await new Promise((r) => setTimeout(r, 1_000));
  const instances = await api.allInstances(`journeyId=${journeyId}`);
  expect(instances.map((i) => i.customerId)).toEqual(['wendy']);
});
