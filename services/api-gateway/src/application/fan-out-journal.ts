import { Inject, Injectable } from '@nestjs/common';
import { isAlertMessage, type JournalStreamMessage } from '@kalcifer/contracts';
import { WEBHOOK_STORE, type WebhookDelivery, type WebhookStore } from '../ports/webhook-store.port';
import { onlyTypes } from './stream-journal';
import { SubscriptionCache } from './subscription-cache';

/**
 * A journal message becomes one pending delivery per matching subscription (journey, event
 * types, created before the message), stored before the message is acknowledged: a crash in
 * between redelivers the message, and the deliveries already stored are not added twice.
 */
@Injectable()
export class FanOutJournal {
  constructor(
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
    private readonly subscriptions: SubscriptionCache,
  ) {}

  async handle(seq: number, publishedAt: Date, message: JournalStreamMessage): Promise<number> {
    const now = new Date();
    const deliveries: WebhookDelivery[] = [];
    for (const s of await this.subscriptions.of(message.workspaceId)) {
      if (!s.enabled || s.createdAt > publishedAt) continue;
      if (s.journeyId !== undefined && s.journeyId !== message.journeyId) continue;
      const body = onlyTypes(message, s.eventTypes.length === 0 ? undefined : s.eventTypes);
      if (body === undefined) continue;
      const eventId = String(seq);
      deliveries.push({
        id: `${s.id}:${eventId}`,
        workspaceId: message.workspaceId,
        subscriptionId: s.id,
        eventId,
        journeyId: message.journeyId,
        instanceId: isAlertMessage(message) ? '' : message.instanceId,
        payload: JSON.stringify({ id: eventId, ...body }),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        log: [],
        createdAt: now,
      });
    }
    await this.store.enqueue(deliveries);
    return deliveries.length;
  }
}
