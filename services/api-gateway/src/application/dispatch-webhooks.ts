import { Inject, Injectable } from '@nestjs/common';
import { guardedHttpRequest, OutboundTargetError, type Logger } from '@kalcifer/platform';
import { GATEWAY_CONFIG, LOGGER } from '../app.tokens';
import type { GatewayConfig } from '../config';
import {
  TARGET_SETTINGS,
  WEBHOOK_STORE,
  type DeliveryAttempt,
  type DeliveryStatus,
  type TargetSettings,
  type WebhookStore,
  type WebhookSubscription,
} from '../ports/webhook-store.port';
import { signWebhookWithEach } from './webhook-signature';

/** The current secret, and the previous one while its grace period after a rotation lasts. */
export function signingSecrets(
  subscription: Pick<WebhookSubscription, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>,
  now: Date,
): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = subscription;
  return previousSecret !== undefined &&
    previousSecretExpiresAt !== undefined &&
    previousSecretExpiresAt > now
    ? [secret, previousSecret]
    : [secret];
}

/** Exponential backoff: base, 2x base, 4x base... capped, with up to 20% jitter so retries spread. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const delay = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(delay * (1 - 0.2 * random()));
}

/**
 * Sends one due delivery: signed POST of the stored body to the subscription's URL (checked
 * against the workspace's target policy on every attempt). 2xx: delivered. Anything else: tried
 * again after a growing delay, until WEBHOOK_MAX_ATTEMPTS; a refused target fails at once.
 */
@Injectable()
export class DispatchWebhooks {
  constructor(
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
    @Inject(TARGET_SETTINGS) private readonly targets: TargetSettings,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** False when nothing was due. */
  async dispatchOne(): Promise<boolean> {
    const timeoutMs = this.config.WEBHOOK_TIMEOUT_MS;
    const claimed = await this.store.claimDue(new Date(), timeoutMs + 5_000);
    if (!claimed) return false;
    const { delivery, lease } = claimed;
    const attemptNo = delivery.attempts + 1;
    const started = Date.now();
    let outcome: { ok: boolean; permanent?: boolean; httpStatus?: number; error?: string };
    const subscription = await this.store.getSubscription(delivery.workspaceId, delivery.subscriptionId);
    if (!subscription || !subscription.enabled) {
      outcome = {
        ok: false,
        permanent: true,
        error: subscription ? 'the subscription is disabled' : 'the subscription was deleted',
      };
    } else {
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        const allowPrivate = await this.targets.allowsPrivateTargets(delivery.workspaceId);
        const res = await guardedHttpRequest(
          subscription.url,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'Kalcifer-Webhook/1',
              'kalcifer-webhook-id': subscription.id,
              'kalcifer-event-id': delivery.eventId,
              'kalcifer-delivery-attempt': String(attemptNo),
              'kalcifer-timestamp': String(timestamp),
              'kalcifer-signature': signWebhookWithEach(
                signingSecrets(subscription, new Date()),
                timestamp,
                delivery.payload,
              ),
            },
            body: delivery.payload,
            timeoutMs,
          },
          { allowPrivate },
        );
        outcome =
          res.status >= 200 && res.status < 300
            ? { ok: true, httpStatus: res.status }
            : {
                ok: false,
                httpStatus: res.status,
                error: `answered ${res.status}: ${res.text.slice(0, 200) || 'no body'}`,
              };
      } catch (err) {
        outcome = {
          ok: false,
          permanent: err instanceof OutboundTargetError,
          error: err instanceof OutboundTargetError ? `target refused: ${err.message}` : describe(err),
        };
      }
    }
    const now = new Date();
    const attempt: DeliveryAttempt = {
      at: now,
      durationMs: now.getTime() - started,
      ...(outcome.httpStatus !== undefined && { httpStatus: outcome.httpStatus }),
      ...(outcome.error !== undefined && { error: outcome.error }),
    };
    let status: DeliveryStatus = 'pending';
    let nextAttemptAt = new Date(
      now.getTime() +
        retryDelayMs(attemptNo, this.config.WEBHOOK_RETRY_BASE_MS, this.config.WEBHOOK_RETRY_MAX_MS),
    );
    if (outcome.ok) status = 'delivered';
    else if (outcome.permanent || attemptNo >= this.config.WEBHOOK_MAX_ATTEMPTS) status = 'failed';
    if (status !== 'pending') nextAttemptAt = now;
    await this.store.recordAttempt(delivery, lease, attempt, { status, nextAttemptAt });
    if (status === 'failed')
      this.logger.warn(
        {
          subscriptionId: delivery.subscriptionId,
          eventId: delivery.eventId,
          attempts: attemptNo,
          error: outcome.error,
        },
        'webhook delivery failed for good',
      );
    return true;
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.name === 'TimeoutError') return e.message;
  return e.code ? `cannot reach the receiver (${e.code})` : `request failed: ${e.message}`;
}
