import type { CapPolicyRepository, CapRule, FrequencyCaps } from '@kalcifer/caps';
import type { SendIntentMessage } from '@kalcifer/contracts';
import { createLogger } from '@kalcifer/platform';
import { MemoryLedger, RecordingPublisher } from '../../test/doubles/memory-ports';
import {
  ProviderError,
  type Channel,
  type ChannelProvider,
  type OutboundMessage,
} from '../ports/channel-provider';
import { ProviderNotConfigured, type ProviderResolver } from '../ports/provider-resolver';
import type { SendMetrics } from '../ports/send-metrics';
import { DeliverySteps } from './delivery-steps';
import { ResolveInterruptedSend } from './resolve-interrupted-send';
import { SendMessage } from './send-message';
import { SendCapGate } from './send-cap-gate';

const WS = 'ws_1';
const metrics: SendMetrics = {
  finished: () => undefined,
  providerCall: () => undefined,
  interruptedSendResolved: () => undefined,
};

/** A provider whose next answers are scripted; records every message it was handed. */
class ScriptedProvider implements ChannelProvider {
  readonly sent: OutboundMessage[] = [];
  readonly script: Array<'ok' | ProviderError> = [];
  constructor(
    readonly name: string,
    readonly idempotent = false,
  ) {}
  async send(message: OutboundMessage) {
    this.sent.push(message);
    const next = this.script.shift() ?? 'ok';
    if (next !== 'ok') throw next;
    return Promise.resolve({ providerMessageId: `${this.name}-${this.sent.length}` });
  }
}

function setup(provider: ChannelProvider | null, caps?: SendCapGate) {
  const ledger = new MemoryLedger();
  const publisher = new RecordingPublisher();
  let now = 1_000_000;
  const clock = () => new Date(now);
  const steps = new DeliverySteps(
    ledger,
    publisher,
    metrics,
    { maxAttempts: 3, timeoutMs: 1_000, leaseMs: 2_000 },
    createLogger('test', 'silent'),
    clock,
  );
  const resolver: ProviderResolver = {
    resolve: (_ws: string, channel: Channel) =>
      provider
        ? Promise.resolve(provider)
        : Promise.reject(new ProviderNotConfigured(`no ${channel} provider`)),
  };
  const send = new SendMessage(
    ledger,
    resolver,
    steps,
    new ResolveInterruptedSend(ledger, steps, metrics, 3),
    { defaultFrom: 'a@kalcifer.test', maxWebhookTimeoutMs: 1_000 },
    3,
    caps,
  );
  return { ledger, publisher, send, advance: (ms: number) => (now += ms) };
}

const ONE_SMS_A_MINUTE: CapRule = { channel: 'sms', limit: 1, window: 'PT1M', onCapped: 'delay' };

/** Caps whose policy is one SMS a minute and whose answer is scripted: first allowed, then delayed. */
function capsDelayingTheSecondSms(retryAt: number): SendCapGate {
  const reserved: string[] = [];
  const caps: Pick<FrequencyCaps, 'reserve'> = {
    reserve: async (_ws, _customer, _channel, sendKey) => {
      if (!reserved.includes(sendKey)) reserved.push(sendKey);
      return reserved.indexOf(sendKey) === 0
        ? { allowed: true, replayed: false }
        : { allowed: false, rule: ONE_SMS_A_MINUTE, ruleIndex: 0, retryAt, replayed: false };
    },
  };
  const policies: CapPolicyRepository = {
    getPolicy: async () => ({ rules: [ONE_SMS_A_MINUTE] }),
    setPolicy: async () => ({ rules: [ONE_SMS_A_MINUTE] }),
  };
  return new SendCapGate(caps as FrequencyCaps, policies, () => 1_000_000);
}

const webhookIntent = (sendKey: string): SendIntentMessage => ({
  workspaceId: WS,
  sendKey,
  instanceId: 'ins_1',
  journeyId: 'jrn_1',
  version: 1,
  nodeId: 'hook',
  customerId: 'cus_1',
  channel: 'webhook',
  config: { url: 'https://crm.example/hook', retries: 1 },
  customer: {},
  context: {},
  requestedAt: 0,
});
const smsIntent = (sendKey: string): SendIntentMessage => ({
  ...webhookIntent(sendKey),
  channel: 'sms',
  config: { body: 'Hi' },
  customer: { phone: '+33612345678' },
});

describe('SendMessage across channels', () => {
  it('tells the trace that a capped send is delayed, by which rule and until when', async () => {
    const provider = new ScriptedProvider('twilio');
    const retryAt = 1_060_000;
    const { send, publisher } = setup(provider, capsDelayingTheSecondSms(retryAt));
    await send.execute(smsIntent('first'));
    await expect(send.execute(smsIntent('second'))).resolves.toMatchObject({
      kind: 'retry',
      delayMs: 60_000,
    });
    expect(provider.sent).toHaveLength(1);
    const delayed = publisher.statuses.find((s) => s.sendKey === 'second');
    expect(delayed).toMatchObject({
      status: 'delayed',
      retryAt,
      capRule: { index: 0, channel: 'sms', limit: 1, window: 'PT1M' },
    });
    expect(delayed?.detail).toBe(
      'until 1970-01-01T00:17:40.000Z by the workspace rule "at most 1 sms per PT1M" (rules[0])',
    );
  });

  it('calls the provider once for duplicate intents and reports the same status again', async () => {
    const provider = new ScriptedProvider('twilio');
    const { send, publisher } = setup(provider);
    await expect(send.execute(smsIntent('k1'))).resolves.toEqual({ kind: 'done', status: 'sent' });
    await expect(send.execute(smsIntent('k1'))).resolves.toEqual({ kind: 'done', status: 'sent' });
    expect(provider.sent).toHaveLength(1);
    expect(publisher.statuses.map((s) => [s.status, s.channel, s.providerMessageId])).toEqual([
      ['sent', 'sms', 'twilio-1'],
      ['sent', 'sms', 'twilio-1'],
    ]);
  });

  it('re-sends a webhook interrupted by a crash: the Idempotency-Key makes it safe', async () => {
    const provider = new ScriptedProvider('http', true);
    const { send, ledger, advance } = setup(provider);
    // A worker claimed the send and died during the call: the record stays `sending`.
    ledger.add({
      sendKey: 'k2',
      workspaceId: WS,
      channel: 'webhook',
      status: 'sending',
      attempts: 1,
      leaseExpiresAt: new Date(1_000_500),
    });
    await expect(send.execute(webhookIntent('k2'))).resolves.toMatchObject({ kind: 'retry' });
    expect(provider.sent).toHaveLength(0);
    advance(1_000);
    await expect(send.execute(webhookIntent('k2'))).resolves.toEqual({ kind: 'done', status: 'sent' });
    expect(provider.sent).toHaveLength(1);
    expect(ledger.records.get('k2')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('marks an interrupted SMS `unknown` and never re-sends it (Twilio has no idempotency key)', async () => {
    const provider = new ScriptedProvider('twilio');
    const { send, ledger, publisher } = setup(provider);
    ledger.add({
      sendKey: 'k3',
      workspaceId: WS,
      channel: 'sms',
      status: 'sending',
      attempts: 1,
      leaseExpiresAt: new Date(0),
    });
    await expect(send.execute(smsIntent('k3'))).resolves.toEqual({ kind: 'done', status: 'unknown' });
    expect(provider.sent).toHaveLength(0);
    expect(publisher.statuses[0]?.detail).toMatch(/not re-sent/);
  });

  it('retries a webhook timeout (idempotent) but leaves an SMS timeout of unknown outcome', async () => {
    const hook = new ScriptedProvider('http', true);
    hook.script.push(new ProviderError('ambiguous', 'no answer'));
    const a = setup(hook);
    await expect(a.send.execute(webhookIntent('k4'))).resolves.toMatchObject({ kind: 'retry', attempt: 1 });
    expect(a.ledger.records.get('k4')?.status).toBe('claimed');

    const sms = new ScriptedProvider('twilio');
    sms.script.push(new ProviderError('ambiguous', 'connection reset'));
    const b = setup(sms);
    await expect(b.send.execute(smsIntent('k5'))).resolves.toMatchObject({ kind: 'retry' });
    expect(b.ledger.records.get('k5')?.status).toBe('sending');
  });

  it('gives up on a webhook after its retries + 1 attempts', async () => {
    const hook = new ScriptedProvider('http', true);
    hook.script.push(new ProviderError('retryable', '503'), new ProviderError('retryable', '503'));
    const { send } = setup(hook);
    await expect(send.execute(webhookIntent('k6'))).resolves.toMatchObject({ kind: 'retry' });
    await expect(send.execute(webhookIntent('k6'))).resolves.toEqual({ kind: 'done', status: 'failed' });
    expect(hook.sent).toHaveLength(2);
  });

  it('fails at once, without a provider, when the channel has none configured', async () => {
    const { send, publisher } = setup(null);
    await expect(send.execute(smsIntent('k7'))).resolves.toEqual({ kind: 'done', status: 'failed' });
    expect(publisher.statuses[0]?.detail).toBe('no sms provider');
  });
});
