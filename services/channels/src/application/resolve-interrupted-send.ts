import type { DeliveryKey, DeliveryLedger, DeliveryRecord } from '../ports/delivery-ledger';
import type { ChannelProvider, LookupResult } from '../ports/channel-provider';
import type { SendMetrics } from '../ports/send-metrics';
import type { Composed } from './compose-message';
import { AGAIN, errorText, OUTCOME_UNKNOWN, type DeliverySteps, type Step } from './delivery-steps';

export const UNKNOWN_DETAIL = 'provider call may or may not have completed before a crash; not re-sent';
export const CONFIRMED_DETAIL = 'confirmed by provider lookup after an interrupted send';
// Another worker holds the claim: look again soon (it usually finishes within milliseconds).
const IN_PROGRESS_RECHECK_MS = 1_000;

/**
 * A `sending` record: either another worker is calling the provider right now (its lease
 * runs), or a worker died during the call (the lease expired) and nobody knows whether the
 * provider took the message. The provider's lookup decides where there is one; otherwise the
 * send is `unknown` and never re-sent (DESIGN.md §4).
 */
export class ResolveInterruptedSend {
  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly steps: DeliverySteps,
    private readonly metrics: SendMetrics,
    private readonly maxAttempts: number,
  ) {}

  async resolve(
    record: DeliveryRecord,
    composed: Composed,
    provider: ChannelProvider | undefined,
    key: DeliveryKey,
  ): Promise<Step> {
    const now = this.steps.now();
    const leaseLeft = (record.leaseExpiresAt?.getTime() ?? 0) - now.getTime();
    if (leaseLeft > 0) {
      return {
        kind: 'retry',
        attempt: record.attempts,
        reason: 'another worker is sending this message',
        delayMs: Math.min(leaseLeft + 10, IN_PROGRESS_RECHECK_MS),
      };
    }
    const lookup: ((sendKey: string) => Promise<LookupResult>) | undefined = provider?.idempotent
      ? async () => ({ found: false })
      : provider?.lookup?.bind(provider);
    if (!lookup) {
      const detail = record.error?.startsWith(OUTCOME_UNKNOWN)
        ? `provider call may or may not have completed (${record.error.slice(OUTCOME_UNKNOWN.length)}); not re-sent`
        : UNKNOWN_DETAIL;
      // Guarded by the lease too: the owner may have renewed it since we read the record.
      const step = await this.steps.finish(key, ['sending'], { status: 'unknown', detail }, now);
      if (step.kind === 'done') this.metrics.interruptedSendResolved('unknown');
      return step;
    }
    // Take the expired claim over first, so that only one worker looks up and maybe re-sends.
    const taken = await this.ledger.transition(
      key,
      ['sending'],
      { status: 'sending', leaseExpiresAt: this.steps.leaseFrom(now) },
      now,
      now,
    );
    if (!taken) return AGAIN;
    let found: LookupResult;
    try {
      found = await lookup(key.sendKey);
    } catch (err) {
      // Hand the claim back at once: the next delivery tries the lookup again.
      await this.ledger.transition(
        key,
        ['sending'],
        { status: 'sending', leaseExpiresAt: now },
        this.steps.now(),
      );
      return { kind: 'retry', attempt: taken.attempts, reason: `provider lookup failed: ${errorText(err)}` };
    }
    if (found.found) {
      const step = await this.steps.finish(key, ['sending'], {
        status: 'sent',
        providerMessageId: found.providerMessageId,
        detail: CONFIRMED_DETAIL,
      });
      if (step.kind === 'done') this.metrics.interruptedSendResolved('confirmed_sent');
      return step;
    }
    return this.resend(taken, composed, provider, key);
  }

  /** The provider does not hold it, so the interrupted call never completed: a send now makes no copy. */
  private async resend(
    taken: DeliveryRecord,
    composed: Composed,
    provider: ChannelProvider | undefined,
    key: DeliveryKey,
  ): Promise<Step> {
    if (!composed.ok || !provider)
      return this.steps.finish(key, ['sending'], {
        status: 'failed',
        detail: composed.ok ? 'no provider' : composed.detail,
      });
    const maxAttempts = composed.maxAttempts ?? this.maxAttempts;
    if (taken.attempts >= maxAttempts) {
      const detail = `gave up after ${taken.attempts} attempts: ${taken.error ?? 'interrupted'}`;
      return this.steps.finish(key, ['sending'], { status: 'failed', detail });
    }
    const now = this.steps.now();
    const resending = await this.ledger.transition(
      key,
      ['sending'],
      { status: 'sending', incrementAttempts: true, leaseExpiresAt: this.steps.leaseFrom(now) },
      now,
    );
    if (!resending) return AGAIN;
    this.metrics.interruptedSendResolved('resent');
    return this.steps.callProvider(resending, { provider, message: composed.message, maxAttempts }, key);
  }
}
