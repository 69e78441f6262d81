import type { SendIntentMessage } from '@kalcifer/contracts';
import { createLogger } from '@kalcifer/platform';
import { MemoryInvalidRecipients, MemoryLedger, RecordingPublisher } from '../../test/doubles/memory-ports';
import { ProviderError, type ChannelProvider, type OutboundMessage } from '../ports/channel-provider';
import type { SendMetrics } from '../ports/send-metrics';
import { DeliverySteps } from './delivery-steps';
import { ResolveInterruptedSend } from './resolve-interrupted-send';
import { SendMessage } from './send-message';

const WS = 'ws_1';
const metrics: SendMetrics = {
  finished: () => undefined,
  providerCall: () => undefined,
  interruptedSendResolved: () => undefined,
};

/** A push provider that answers for some tokens that they are gone. */
class PushProvider implements ChannelProvider {
  readonly sent: OutboundMessage[] = [];
  constructor(
    readonly name: string,
    private readonly answer: (token: string) => ProviderError | undefined,
  ) {}
  async send(message: OutboundMessage) {
    this.sent.push(message);
    const error = this.answer(message.channel === 'push' ? message.to : '');
    if (error) throw error;
    return Promise.resolve({ providerMessageId: `m${this.sent.length}` });
  }
}

function setup(provider: ChannelProvider) {
  const ledger = new MemoryLedger();
  const invalid = new MemoryInvalidRecipients();
  const steps = new DeliverySteps(
    ledger,
    new RecordingPublisher(),
    metrics,
    { maxAttempts: 3, timeoutMs: 1_000, leaseMs: 2_000 },
    createLogger('test', 'silent'),
    () => new Date(1_000_000),
    invalid,
  );
  const send = new SendMessage(
    ledger,
    { resolve: () => Promise.resolve(provider) },
    steps,
    new ResolveInterruptedSend(ledger, steps, metrics, 3),
    { defaultFrom: 'a@kalcifer.test', maxWebhookTimeoutMs: 1_000 },
    3,
  );
  return { ledger, invalid, send };
}

let n = 0;
function push(token: string): SendIntentMessage {
  n++;
  return {
    sendKey: `k${n}`,
    workspaceId: WS,
    instanceId: `ins_${n}`,
    journeyId: 'jrn_1',
    version: 1,
    nodeId: 'push',
    customerId: 'cus_1',
    channel: 'push',
    config: { title: 'Hi', body: 'There' },
    customer: { fcmToken: token, apnsToken: token },
    context: {},
    requestedAt: 0,
  };
}

describe('push tokens a provider reported invalid', () => {
  it('marks an FCM token UNREGISTERED and skips later sends to it, saying why', async () => {
    const fcm = new PushProvider('fcm', (token) =>
      token === 'dead-token-123456'
        ? new ProviderError('permanent', 'fcm answered 404 (UNREGISTERED)', {
            recipientInvalid: 'UNREGISTERED',
          })
        : undefined,
    );
    const { ledger, invalid, send } = setup(fcm);
    await expect(send.execute(push('dead-token-123456'))).resolves.toEqual({
      kind: 'done',
      status: 'failed',
    });
    expect(invalid.marked).toMatchObject([
      {
        workspaceId: WS,
        channel: 'push',
        provider: 'fcm',
        address: 'dead-token-123456',
        reason: 'UNREGISTERED',
      },
    ]);
    const later = push('dead-token-123456');
    await expect(send.execute(later)).resolves.toEqual({ kind: 'done', status: 'failed' });
    expect(fcm.sent).toHaveLength(1);
    expect(ledger.records.get(later.sendKey)?.detail).toBe(
      'skipped: push token …123456 was reported invalid by fcm (UNREGISTERED) at 1970-01-01T00:16:40.000Z; not sent (the app must register a new token)',
    );
    // Another token of the same customer base is still sent.
    await expect(send.execute(push('live-token'))).resolves.toEqual({ kind: 'done', status: 'sent' });
    expect(fcm.sent).toHaveLength(2);
  });

  it('marks an APNs 410 Unregistered device token inactive', async () => {
    const apns = new PushProvider(
      'apns',
      () =>
        new ProviderError('permanent', 'apns answered 410 (Unregistered)', {
          recipientInvalid: 'Unregistered',
        }),
    );
    const { invalid, send } = setup(apns);
    await send.execute(push('gone-device'));
    await send.execute(push('gone-device'));
    expect(apns.sent).toHaveLength(1);
    expect(invalid.marked.map((r) => [r.provider, r.reason])).toEqual([['apns', 'Unregistered']]);
  });

  it('does not mark a token for other permanent errors (a bad payload, bad credentials)', async () => {
    const fcm = new PushProvider(
      'fcm',
      () => new ProviderError('permanent', 'fcm answered 403 (SENDER_ID_MISMATCH)'),
    );
    const { invalid, send } = setup(fcm);
    await send.execute(push('token-a'));
    await send.execute(push('token-a'));
    expect(fcm.sent).toHaveLength(2);
    expect(invalid.marked).toEqual([]);
  });
});
