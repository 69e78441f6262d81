import type { DeliveryStatusMessage } from '@kalcifer/contracts';
import type { Logger } from '@kalcifer/platform';
import {
  isFinal,
  type DeliveryChange,
  type DeliveryKey,
  type DeliveryLedger,
  type DeliveryRecord,
  type DeliveryState,
  type FinalDeliveryState,
} from '../ports/delivery-ledger';
import type { DeliveryStatusPublisher } from '../ports/delivery-status-publisher';
import { ProviderError, type ChannelProvider, type OutboundMessage } from '../ports/channel-provider';
import type { InvalidRecipients } from '../ports/invalid-recipients';
import type { SendMetrics } from '../ports/send-metrics';

export interface SendSettings {
  /** Provider calls per send, unless the send says otherwise (call_webhook's retries). */
  maxAttempts: number;
  /** A provider call still running after this long has an unknown outcome. */
  timeoutMs: number;
  /** How long a `sending` claim belongs to its worker (> timeoutMs). */
  leaseMs: number;
}

/** `retry`: nak the intent; it comes back later (after `delayMs` if given, else by backoff on `attempt`). */
export type SendOutcome =
  | { kind: 'done'; status: FinalDeliveryState }
  | { kind: 'retry'; attempt: number; reason: string; delayMs?: number };

/** One composed send and the provider that takes it. */
export interface SendJob {
  provider: ChannelProvider;
  message: OutboundMessage;
  maxAttempts: number;
}

/** A step either ends the intent or says to look at the record again (another worker moved it). */
export type Step = SendOutcome | { kind: 'again' };
export const AGAIN: Step = { kind: 'again' };

// Prefixes the ledger error of a call that broke mid-transaction, so `unknown` can say what happened.
export const OUTCOME_UNKNOWN = 'outcome unknown: ';
// After a connection broke mid-call, give the provider this long to finish storing before a lookup.
const SETTLE_MS = 2_000;

class DeadlineExceeded extends Error {}

/**
 * The moves of a send through the ledger that involve the provider or end the send. Every move
 * is a compare-and-set on the record's state; a lost race answers AGAIN.
 */
export class DeliverySteps {
  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly statuses: DeliveryStatusPublisher,
    private readonly metrics: SendMetrics,
    private readonly settings: SendSettings,
    private readonly logger: Logger,
    readonly now: () => Date = () => new Date(),
    /** Addresses providers reported dead (push tokens): skipped, and marked on such an answer. */
    private readonly invalidRecipients?: InvalidRecipients,
  ) {}

  /** claimed -> sending: only the worker whose compare-and-set succeeds calls the provider. */
  async begin(key: DeliveryKey, job: SendJob): Promise<Step> {
    const skipped = await this.invalidRecipientDetail(key.workspaceId, job.message);
    if (skipped) return this.finish(key, ['claimed'], { status: 'failed', detail: skipped });
    const now = this.now();
    const sending = await this.ledger.transition(
      key,
      ['claimed'],
      { status: 'sending', incrementAttempts: true, leaseExpiresAt: this.leaseFrom(now) },
      now,
    );
    return sending ? this.callProvider(sending, job, key) : AGAIN;
  }

  /** Calls the provider for a record this worker holds in `sending`, and records the result. */
  async callProvider(record: DeliveryRecord, job: SendJob, key: DeliveryKey): Promise<Step> {
    const { provider, message } = job;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const accepted = await withDeadline(provider.send(message), this.settings.timeoutMs);
      this.metrics.providerCall(provider.name, 'accepted', seconds());
      // `unknown` too: a stalled worker whose lease was resolved meanwhile now knows better.
      return await this.finish(key, ['sending', 'unknown'], {
        status: 'sent',
        providerMessageId: accepted.providerMessageId,
      });
    } catch (err) {
      const deadline = err instanceof DeadlineExceeded;
      const reported = err instanceof ProviderError ? err.kind : 'ambiguous';
      // With an idempotency key, repeating a call of unknown outcome cannot make a second copy.
      const kind = reported === 'ambiguous' && provider.idempotent ? 'retryable' : reported;
      const error = (kind === 'ambiguous' ? OUTCOME_UNKNOWN : '') + errorText(err);
      this.metrics.providerCall(provider.name, kind, seconds());
      switch (kind) {
        case 'permanent':
          if (err instanceof ProviderError && err.recipientInvalid)
            await this.markInvalidRecipient(key.workspaceId, provider.name, message, err.recipientInvalid);
          return this.finish(key, ['sending'], { status: 'failed', error, detail: error });
        case 'retryable':
          if (record.attempts >= job.maxAttempts) {
            const detail = `gave up after ${record.attempts} attempts: ${error}`;
            return this.finish(key, ['sending'], { status: 'failed', error, detail });
          }
          return this.release(key, error, record.attempts);
        case 'ambiguous': {
          // The message may be at the provider: stay `sending`, so that the redelivery resolves
          // it like a crash. A call past its deadline may still be running: give it a full lease.
          const now = this.now();
          const settle = deadline ? this.settings.leaseMs : Math.min(SETTLE_MS, this.settings.leaseMs);
          await this.ledger.transition(
            key,
            ['sending'],
            { status: 'sending', error, leaseExpiresAt: new Date(now.getTime() + settle) },
            now,
          );
          this.logger.warn({ sendKey: key.sendKey, err }, 'provider call broke with an unknown outcome');
          return { kind: 'retry', attempt: record.attempts, reason: error, delayMs: settle };
        }
      }
    }
  }

  /** Why this message's recipient is known dead, if a provider said so before. */
  private async invalidRecipientDetail(
    workspaceId: string,
    message: OutboundMessage,
  ): Promise<string | undefined> {
    if (!this.invalidRecipients || message.channel !== 'push') return undefined;
    const invalid = await this.invalidRecipients.find(workspaceId, message.channel, message.to);
    if (!invalid) return undefined;
    return (
      `skipped: push token …${message.to.slice(-6)} was reported invalid by ${invalid.provider} ` +
      `(${invalid.reason}) at ${invalid.at.toISOString()}; not sent (the app must register a new token)`
    );
  }

  /** Remembers a dead push token; a failure to remember does not change the send's outcome. */
  private async markInvalidRecipient(
    workspaceId: string,
    provider: string,
    message: OutboundMessage,
    reason: string,
  ): Promise<void> {
    if (!this.invalidRecipients || message.channel !== 'push') return;
    try {
      await this.invalidRecipients.mark({
        workspaceId,
        channel: message.channel,
        provider,
        address: message.to,
        reason,
        at: this.now(),
      });
    } catch (err) {
      this.logger.warn({ workspaceId, provider, err }, 'could not remember an invalid push token');
    }
  }

  /** sending -> claimed after a retryable error: the message was not transmitted. */
  private async release(key: DeliveryKey, error: string, attempts: number): Promise<Step> {
    const now = this.now();
    const released = await this.ledger.transition(
      key,
      ['sending'],
      { status: 'claimed', error, leaseExpiresAt: null },
      now,
    );
    if (!released) return AGAIN;
    this.logger.warn({ sendKey: key.sendKey, attempts, error }, 'send failed; will retry');
    return { kind: 'retry', attempt: attempts, reason: error };
  }

  /** Moves the record to a final state, then tells the orchestrator. */
  async finish(
    key: DeliveryKey,
    from: DeliveryState[],
    change: DeliveryChange & { status: FinalDeliveryState },
    leaseExpiredBy?: Date,
  ): Promise<Step> {
    const now = this.now();
    const done = await this.ledger.transition(
      key,
      from,
      { ...change, leaseExpiresAt: null },
      now,
      leaseExpiredBy,
    );
    if (!done) return AGAIN;
    this.metrics.finished(done.channel, change.status);
    if (change.status !== 'sent') {
      this.logger.info({ sendKey: key.sendKey, status: change.status, detail: done.detail }, 'send finished');
    }
    await this.publish(done);
    return { kind: 'done', status: change.status };
  }

  async publish(record: DeliveryRecord): Promise<void> {
    const status = record.status;
    if (!isFinal(status)) throw new Error(`delivery ${record.sendKey} is not final`);
    // Built from the record only, so a re-publish carries the same body under the same msg id.
    const message: DeliveryStatusMessage = {
      workspaceId: record.workspaceId,
      sendKey: record.sendKey,
      instanceId: record.instanceId,
      nodeId: record.nodeId,
      status,
      channel: record.channel,
      ...(record.detail !== undefined ? { detail: record.detail } : {}),
      ...(record.providerMessageId !== undefined ? { providerMessageId: record.providerMessageId } : {}),
      at: record.updatedAt.getTime(),
    };
    await this.statuses.publish(message);
  }

  /**
   * Tells the orchestrator that a frequency cap holds the send until `retryAt`. Not a final state:
   * the record stays `claimed`; one message id per postponement, so a redelivery repeats nothing.
   */
  async announceDelay(
    record: DeliveryRecord,
    delay: { retryAt: number; detail: string; capRule: NonNullable<DeliveryStatusMessage['capRule']> },
  ): Promise<void> {
    await this.statuses.publish({
      workspaceId: record.workspaceId,
      sendKey: record.sendKey,
      instanceId: record.instanceId,
      nodeId: record.nodeId,
      status: 'delayed',
      channel: record.channel,
      detail: delay.detail,
      retryAt: delay.retryAt,
      capRule: delay.capRule,
      at: this.now().getTime(),
    });
  }

  leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.settings.leaseMs);
  }
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`no answer from the provider within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
