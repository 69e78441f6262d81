import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { JournalEventType } from '@kalcifer/contracts';
import { AppError, checkOutboundTarget, invalid, notFound, OutboundTargetError } from '@kalcifer/platform';
import { JOURNEY_LOOKUP, type JourneyLookup } from '../ports/orchestrator.port';
import {
  TARGET_SETTINGS,
  WEBHOOK_STORE,
  type DeliveryStatus,
  type TargetSettings,
  type WebhookDelivery,
  type WebhookStore,
  type WebhookSubscription,
} from '../ports/webhook-store.port';
import type { Principal } from './principal';
import { generateWebhookSecret } from './webhook-signature';
import { PageCursors } from './page-cursors';
import { SubscriptionCache } from './subscription-cache';

export interface SubscriptionInput {
  url: string;
  eventTypes?: JournalEventType[];
  journeyId?: string;
  description?: string;
  enabled?: boolean;
}

export interface SubscriptionPatch {
  url?: string;
  eventTypes?: JournalEventType[];
  journeyId?: string | null;
  description?: string;
  enabled?: boolean;
}

/** A subscription as the API shows it: never its secret (except once, at creation). */
export function subscriptionView(s: WebhookSubscription) {
  return {
    id: s.id,
    url: s.url,
    eventTypes: s.eventTypes,
    ...(s.journeyId !== undefined && { journeyId: s.journeyId }),
    ...(s.description !== undefined && { description: s.description }),
    enabled: s.enabled,
    // While deliveries are still signed by the secret a rotation replaced, too.
    ...(s.previousSecretExpiresAt !== undefined &&
      s.previousSecretExpiresAt > new Date() && {
        previousSecretExpiresAt: s.previousSecretExpiresAt.toISOString(),
      }),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** How long the secret a rotation replaces still signs deliveries, unless the request says. */
export const DEFAULT_SECRET_GRACE_SECONDS = 86_400;

export function deliveryView(d: WebhookDelivery) {
  return {
    id: d.id,
    eventId: d.eventId,
    journeyId: d.journeyId,
    instanceId: d.instanceId,
    status: d.status,
    attempts: d.attempts,
    ...(d.status === 'pending' && { nextAttemptAt: d.nextAttemptAt.toISOString() }),
    createdAt: d.createdAt.toISOString(),
    ...(d.deliveredAt !== undefined && { deliveredAt: d.deliveredAt.toISOString() }),
    log: d.log.map((a) => ({
      at: a.at.toISOString(),
      durationMs: a.durationMs,
      ...(a.httpStatus !== undefined && { httpStatus: a.httpStatus }),
      ...(a.error !== undefined && { error: a.error }),
    })),
  };
}

/** /v1/webhook-subscriptions: register, read, change and remove outbound webhooks; read their delivery log. */
@Injectable()
export class WebhookSubscriptions {
  constructor(
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
    @Inject(TARGET_SETTINGS) private readonly targets: TargetSettings,
    @Inject(JOURNEY_LOOKUP) private readonly journeys: JourneyLookup,
    private readonly cache: SubscriptionCache,
    private readonly cursors: PageCursors,
  ) {}

  /**
   * A subscription naming a journey must name one of the workspace's (else 404 journey_not_found,
   * as for an alert rule): a mistyped id would otherwise never receive a delivery, silently.
   */
  async create(p: Principal, input: SubscriptionInput) {
    requireAdmin(p);
    if (input.journeyId !== undefined) await this.journeys.get(p.workspaceId, input.journeyId);
    await this.checkTarget(p.workspaceId, input.url);
    const now = new Date();
    const subscription: WebhookSubscription = {
      id: `whs_${randomBytes(9).toString('base64url')}`,
      workspaceId: p.workspaceId,
      url: input.url,
      eventTypes: input.eventTypes ?? [],
      ...(input.journeyId !== undefined && { journeyId: input.journeyId }),
      ...(input.description !== undefined && { description: input.description }),
      enabled: input.enabled ?? true,
      secret: generateWebhookSecret(),
      createdAt: now,
      updatedAt: now,
    };
    await this.store.insertSubscription(subscription);
    this.cache.forget(p.workspaceId);
    return { ...subscriptionView(subscription), secret: subscription.secret };
  }

  async list(p: Principal) {
    return { subscriptions: (await this.store.listSubscriptions(p.workspaceId)).map(subscriptionView) };
  }

  async get(p: Principal, id: string) {
    return subscriptionView(await this.existing(p.workspaceId, id));
  }

  async update(p: Principal, id: string, patch: SubscriptionPatch) {
    requireAdmin(p);
    await this.existing(p.workspaceId, id);
    if (typeof patch.journeyId === 'string') await this.journeys.get(p.workspaceId, patch.journeyId);
    if (patch.url !== undefined) await this.checkTarget(p.workspaceId, patch.url);
    const updated = await this.store.updateSubscription(p.workspaceId, id, patch, new Date());
    if (!updated) throw subscriptionNotFound(id);
    this.cache.forget(p.workspaceId);
    return subscriptionView(updated);
  }

  /**
   * Issues a new secret, shown once. For `graceSeconds` (default a day, 0 = none) deliveries are
   * signed by both, so receivers can switch to the new secret without losing any.
   */
  async rotateSecret(p: Principal, id: string, graceSeconds = DEFAULT_SECRET_GRACE_SECONDS) {
    requireAdmin(p);
    await this.existing(p.workspaceId, id);
    const now = new Date();
    const secret = generateWebhookSecret();
    const previousExpiresAt = new Date(now.getTime() + graceSeconds * 1000);
    const rotated = await this.store.rotateSecret(p.workspaceId, id, secret, previousExpiresAt, now);
    if (!rotated) throw subscriptionNotFound(id);
    this.cache.forget(p.workspaceId);
    return {
      ...subscriptionView(rotated),
      secret,
      previousSecretExpiresAt: previousExpiresAt.toISOString(),
    };
  }

  async delete(p: Principal, id: string) {
    requireAdmin(p);
    const deleted = await this.store.deleteSubscription(p.workspaceId, id);
    if (!deleted) throw subscriptionNotFound(id);
    this.cache.forget(p.workspaceId);
    return { deleted: true };
  }

  async deliveries(
    p: Principal,
    id: string,
    query: { status?: DeliveryStatus; limit: number; cursor?: string },
  ) {
    await this.existing(p.workspaceId, id);
    const list = `deliveries:${id}` as const;
    const page = await this.store.listDeliveries(p.workspaceId, id, {
      ...query,
      cursor: this.cursors.open(list, p.workspaceId, query.cursor),
    });
    return {
      deliveries: page.items.map(deliveryView),
      // null on the last page, as on every other paged list
      nextCursor: this.cursors.issue(list, p.workspaceId, page.nextCursor),
    };
  }

  private async existing(workspaceId: string, id: string): Promise<WebhookSubscription> {
    const found = await this.store.getSubscription(workspaceId, id);
    if (!found) throw subscriptionNotFound(id);
    return found;
  }

  /** Refused at once when it can be known now; every delivery checks again (DNS changes). */
  private async checkTarget(workspaceId: string, url: string): Promise<void> {
    const allowPrivate = await this.targets.allowsPrivateTargets(workspaceId);
    try {
      await checkOutboundTarget(url, { allowPrivate });
    } catch (err) {
      if (err instanceof OutboundTargetError)
        throw invalid('webhook_target_forbidden', `url: ${err.message}`);
      // A host that does not resolve (yet, or DNS is down) is checked again at each delivery.
    }
  }
}

const subscriptionNotFound = (id: string) =>
  notFound('webhook_subscription_not_found', `webhook subscription ${id} does not exist in this workspace`);

/** A subscription receives the workspace's data at a URL of its choosing: admin keys only. */
function requireAdmin(p: Principal): void {
  if (p.role !== 'admin')
    throw new AppError(
      'forbidden',
      'admin_key_required',
      'changing webhook subscriptions needs an admin API key',
    );
}
