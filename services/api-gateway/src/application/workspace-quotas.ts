import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@kalcifer/platform';
import { GATEWAY_CONFIG } from '../app.tokens';
import type { GatewayConfig } from '../config';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import { QUOTA_STORE, type QuotaStore, type WorkspaceQuotas } from '../ports/quota-store.port';
import { RATE_LIMITER, type RateLimiter } from '../ports/rate-limiter.port';
import type { Principal } from './principal';
import { TtlCache } from './ttl-cache';

export interface QuotasView {
  /** What applies now: the workspace's own values over the defaults. */
  quotas: WorkspaceQuotas;
  defaults: WorkspaceQuotas;
}

const tooMany = (code: string, message: string, retryAfterSeconds: number) =>
  new AppError('unavailable', code, message, { retryAfterSeconds });

/**
 * Per-workspace limits: requests per second per key and events per second (Redis counters shared
 * by the replicas), active journeys (counted at activation). Over a limit: 429 with Retry-After,
 * nothing accepted; work already accepted is never dropped.
 */
@Injectable()
export class Quotas {
  private readonly cache = new TtlCache<string, WorkspaceQuotas>(() => 5_000);

  constructor(
    @Inject(QUOTA_STORE) private readonly store: QuotaStore,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  get defaults(): WorkspaceQuotas {
    return {
      requestsPerSecondPerKey: this.config.RATE_LIMIT_REQUESTS_PER_SECOND,
      eventsPerSecond: this.config.RATE_LIMIT_EVENTS_PER_SECOND,
      activeJourneys: this.config.QUOTA_ACTIVE_JOURNEYS,
    };
  }

  async get(p: Principal): Promise<QuotasView> {
    return { quotas: await this.effective(p.workspaceId, true), defaults: this.defaults };
  }

  async set(p: Principal, patch: Partial<WorkspaceQuotas>): Promise<QuotasView> {
    const current = await this.store.get(p.workspaceId);
    await this.store.set(p.workspaceId, { ...current, ...patch });
    this.cache.delete(p.workspaceId);
    return this.get(p);
  }

  async admitRequest(p: Principal): Promise<void> {
    if (this.config.RATE_LIMITS === 'off') return;
    const limit = (await this.effective(p.workspaceId)).requestsPerSecondPerKey;
    const scope = `req:${p.workspaceId}:${p.credentialId ?? p.actor}`;
    const { allowed, retryAfterSeconds } = await this.limiter.consume(scope, 1, limit);
    if (!allowed)
      throw tooMany(
        'rate_limited',
        `more than ${limit} requests per second with this key; retry after ${retryAfterSeconds} s`,
        retryAfterSeconds,
      );
  }

  async admitEvents(p: Principal, count: number): Promise<void> {
    if (this.config.RATE_LIMITS === 'off' || count <= 0) return;
    const limit = (await this.effective(p.workspaceId)).eventsPerSecond;
    const { allowed, retryAfterSeconds } = await this.limiter.consume(
      `events:${p.workspaceId}`,
      count,
      limit,
    );
    if (!allowed)
      throw tooMany(
        'rate_limited',
        `this workspace may send ${limit} events per second (these ${count} would exceed it); retry after ${retryAfterSeconds} s`,
        retryAfterSeconds,
      );
  }

  /** Before a journey becomes active: refused when the workspace already has its quota of them. */
  async admitActivation(p: Principal, journeyId: string): Promise<void> {
    if (this.config.RATE_LIMITS === 'off') return;
    const limit = (await this.effective(p.workspaceId)).activeJourneys;
    const { journeys } = await this.orchestrator.listJourneys({
      workspaceId: p.workspaceId,
      status: 'active',
      limit: limit + 1,
      cursor: '',
    });
    const others = (journeys ?? []).filter((j) => j.status === 'active' && j.id !== journeyId);
    if (others.length >= limit)
      throw tooMany(
        'quota_exceeded',
        `this workspace may have ${limit} active journeys and has ${others.length}; pause or archive one, or ask an admin to raise activeJourneys (PUT /v1/quotas)`,
        60,
      );
  }

  private async effective(workspaceId: string, fresh = false): Promise<WorkspaceQuotas> {
    if (fresh) this.cache.delete(workspaceId);
    return this.cache.get(workspaceId, async () => ({
      ...this.defaults,
      ...(await this.store.get(workspaceId)),
    }));
  }
}
