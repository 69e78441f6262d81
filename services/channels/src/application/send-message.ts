import type { SendIntentMessage } from '@kalcifer/contracts';
import type { ChannelProvider } from '../ports/channel-provider';
import type { DeliveryKey, DeliveryLedger, DeliveryRecord } from '../ports/delivery-ledger';
import { ProviderNotConfigured, type ProviderResolver } from '../ports/provider-resolver';
import { composeMessage, summaryOf, type ComposeSettings, type Composed } from './compose-message';
import type { DeliverySteps, SendOutcome, Step } from './delivery-steps';
import type { ResolveInterruptedSend } from './resolve-interrupted-send';
import type { SendCapGate } from './send-cap-gate';

// A claim changes hands a few times at most (claimed -> sending -> claimed ...); more means churn.
const MAX_STEPS = 8;
const CHURN_RECHECK_MS = 1_000;

/**
 * Turns one send intent, of any channel, into at most one message (DESIGN.md §4, SEMANTICS.md
 * "Sending"). Whatever happens to the intent (redelivery, duplicates, concurrent workers, a
 * crash at any line), the ledger record of its send key decides: the provider is called only
 * by the worker that moved the record to `sending`, and a final record is only ever reported
 * again.
 */
export class SendMessage {
  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly providers: ProviderResolver,
    private readonly steps: DeliverySteps,
    private readonly interrupted: ResolveInterruptedSend,
    private readonly compose: ComposeSettings,
    private readonly maxAttempts: number,
    private readonly caps?: SendCapGate,
  ) {}

  async execute(intent: SendIntentMessage): Promise<SendOutcome> {
    const channel = intent.channel;
    let provider: ChannelProvider | undefined;
    let composed: Composed;
    try {
      provider = await this.providers.resolve(intent.workspaceId, channel);
      composed = await composeMessage(intent, this.compose, provider.name);
    } catch (err) {
      if (!(err instanceof ProviderNotConfigured)) throw err;
      composed = { ok: false, to: '', subject: '', detail: err.message };
    }
    const summary = summaryOf(composed);
    const key: DeliveryKey = { workspaceId: intent.workspaceId, sendKey: intent.sendKey };
    const claim = await this.ledger.claim(
      {
        sendKey: intent.sendKey,
        workspaceId: intent.workspaceId,
        instanceId: intent.instanceId,
        journeyId: intent.journeyId,
        nodeId: intent.nodeId,
        customerId: intent.customerId,
        channel,
        ...(provider ? { provider: provider.name } : {}),
        to: summary.to,
        subject: summary.subject,
      },
      this.steps.now(),
    );
    let record: DeliveryRecord | null = claim.record;
    for (let step = 0; step < MAX_STEPS; step++) {
      if (!record) throw new Error(`delivery ${intent.sendKey} disappeared from the ledger`);
      const next = await this.step(record, composed, provider, key);
      if (next.kind !== 'again') return next;
      record = await this.ledger.get(key);
    }
    return {
      kind: 'retry',
      attempt: 0,
      reason: 'the delivery record kept changing',
      delayMs: CHURN_RECHECK_MS,
    };
  }

  private async step(
    record: DeliveryRecord,
    composed: Composed,
    provider: ChannelProvider | undefined,
    key: DeliveryKey,
  ): Promise<Step> {
    const status = record.status;
    switch (status) {
      case 'sent':
      case 'failed':
      case 'unknown':
      case 'capped':
        // Already decided (a redelivery or a duplicate intent): say so again, never send again.
        await this.steps.publish(record);
        return { kind: 'done', status };
      case 'claimed':
        if (!composed.ok || !provider)
          return this.steps.finish(key, ['claimed'], {
            status: 'failed',
            detail: composed.ok ? 'no provider' : composed.detail,
          });
        if (this.caps) {
          const verdict = await this.caps.check(record);
          if (verdict.kind === 'capped')
            return this.steps.finish(key, ['claimed'], { status: 'capped', detail: verdict.detail });
          if (verdict.kind === 'delay') {
            // The trace says the send waits, by which rule and until when (not only `sent` later).
            await this.steps.announceDelay(record, verdict);
            return { kind: 'retry', attempt: 0, reason: verdict.detail, delayMs: verdict.delayMs };
          }
        }
        return this.steps.begin(key, {
          provider,
          message: composed.message,
          maxAttempts: composed.maxAttempts ?? this.maxAttempts,
        });
      case 'sending':
        return this.interrupted.resolve(record, composed, provider, key);
    }
  }
}
