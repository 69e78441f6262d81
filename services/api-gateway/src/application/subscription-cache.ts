import { Inject, Injectable } from '@nestjs/common';
import { WEBHOOK_STORE, type WebhookStore, type WebhookSubscription } from '../ports/webhook-store.port';
import { TtlCache } from './ttl-cache';

/**
 * The workspace's subscriptions, as read for every journal message: briefly cached (one query
 * per workspace per second, not per step). A change in this process is seen at once; a change
 * made through another gateway within CACHE_MS.
 */
const CACHE_MS = 1_000;

@Injectable()
export class SubscriptionCache {
  private readonly cache = new TtlCache<string, WebhookSubscription[]>(() => CACHE_MS);

  constructor(@Inject(WEBHOOK_STORE) private readonly store: WebhookStore) {}

  of(workspaceId: string): Promise<WebhookSubscription[]> {
    return this.cache.get(workspaceId, () => this.store.listSubscriptions(workspaceId));
  }

  forget(workspaceId: string): void {
    this.cache.delete(workspaceId);
  }
}
