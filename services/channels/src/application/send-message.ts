import type { SendIntentMessage } from '@kalcifer/contracts';
import type { DeliveryKey, DeliveryLedger, DeliveryRecord } from '../ports/delivery-ledger';
import { composeEmail, type ComposedEmail } from './compose-email';
import type { DeliverySteps, SendOutcome, Step } from './delivery-steps';
import type { ResolveInterruptedSend } from './resolve-interrupted-send';

// A claim changes hands a few times at most (claimed -> sending -> claimed ...); more means churn.
const MAX_STEPS = 8;
const CHURN_RECHECK_MS = 1_000;

/**
 * Turns one send intent into at most one message (DESIGN.md §4, SEMANTICS.md "Sending").
 * Whatever happens to the intent (redelivery, duplicates, concurrent workers, a crash at any
 * line), the ledger record of its send key decides: the provider is called only by the worker
 * that moved the record to `sending`, and a final record is only ever reported again.
 */
export class SendEmail {
  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly steps: DeliverySteps,
    private readonly interrupted: ResolveInterruptedSend,
    private readonly defaultFrom: string,
  ) {}

  async execute(intent: SendIntentMessage): Promise<SendOutcome> {
    const composed = composeEmail(intent, this.defaultFrom);
    const key: DeliveryKey = { workspaceId: intent.workspaceId, sendKey: intent.sendKey };
    const claim = await this.ledger.claim(
      {
        sendKey: intent.sendKey,
        workspaceId: intent.workspaceId,
        instanceId: intent.instanceId,
        journeyId: intent.journeyId,
        nodeId: intent.nodeId,
        customerId: intent.customerId,
        channel: 'email',
        to: composed.ok ? composed.message.to : composed.to,
        subject: composed.ok ? composed.message.subject : composed.subject,
      },
      this.steps.now(),
    );
    let record: DeliveryRecord | null = claim.record;
    for (let step = 0; step < MAX_STEPS; step++) {
      if (!record) throw new Error(`delivery ${intent.sendKey} disappeared from the ledger`);
      const next = await this.step(record, composed, key);
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

  private async step(record: DeliveryRecord, composed: ComposedEmail, key: DeliveryKey): Promise<Step> {
    const status = record.status;
    switch (status) {
      case 'sent':
      case 'failed':
      case 'unknown':
        // Already decided (a redelivery or a duplicate intent): say so again, never send again.
        await this.steps.publish(record);
        return { kind: 'done', status };
      case 'claimed':
        if (!composed.ok)
          return this.steps.finish(key, ['claimed'], { status: 'failed', detail: composed.detail });
        return this.steps.begin(key, composed.message);
      case 'sending':
        return this.interrupted.resolve(record, composed, key);
    }
  }
}
