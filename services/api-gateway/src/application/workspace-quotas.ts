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

const tooMany = (
  code: string,
  message: string,
  retryAfterSeconds: number,
  more: Record<string, unknown> = {},
) => new AppError('unavailable', code, message, { ...more, retryAfterSeconds });

/** A workspace's open instances as the orchestrator last counted them. */
interface OpenCount {
  count: number;
  countedAt: number;
  /** How long the orchestrator took to count. */
  tookMs: number;
  /** Entries this replica admitted since (not yet in `count`). */
  admittedSince: number;
  /** A newer count being read. */
  refreshing?: Promise<OpenCount | undefined>;
}

/**
 * Per-workspace limits: requests per second per key and events per second (Redis counters shared
 * by the replicas), active journeys (counted at activation). Over a limit: 429 with Retry-After,
 * nothing accepted; work already accepted is never dropped.
 */
@Injectable()
export class Quotas {
  private readonly cache = new TtlCache<string, WorkspaceQuotas>(() => 5_000);
  private readonly openCounts = new Map<string, OpenCount>();
  private readonly firstCounts = new Map<string, Promise<OpenCount | undefined>>();

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
      activeInstances: this.config.QUOTA_ACTIVE_INSTANCES,
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

  /**
   * Before `entering` customers enter journeys of the workspace (an enrollment request, a webhook
   * entry): refused whole when the workspace's open instances plus these would exceed its
   * activeInstances quota. The count is the orchestrator's (from its (workspaceId, status) index),
   * reused for QUOTA_INSTANCE_COUNT_CACHE_MS (or 10 times as long as the count took, when
   * longer), plus what this replica admitted since it was read;
   * an older count is refreshed in the background (one count at a time per workspace) and used
   * meanwhile, so a slow count never holds a request. When the orchestrator cannot count, the
   * entry passes (the quota does not take enrollment down).
   */
  async admitEntries(workspaceId: string, entering: number): Promise<void> {
    if (this.config.RATE_LIMITS === 'off' || entering <= 0) return;
    const limit = (await this.effective(workspaceId)).activeInstances;
    const entry = await this.openCount(workspaceId, limit);
    if (entry === undefined) return;
    const open = entry.count + entry.admittedSince;
    if (open + entering > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(this.config.QUOTA_INSTANCE_COUNT_CACHE_MS / 1000));
      throw tooMany(
        'quota_exceeded',
        `this workspace may have ${limit} open journey instances and has ${open}; ${entering === 1 ? 'this entry' : `these ${entering} entries`} would exceed it (nothing was enrolled); retry after ${retryAfterSeconds} s, once instances have ended, or ask an admin to raise activeInstances (PUT /v1/quotas)`,
        retryAfterSeconds,
        { limit, open },
      );
    }
    entry.admittedSince += entering;
  }

  /** The workspace's open instances as last counted, refreshed as admitEntries says. */
  private async openCount(workspaceId: string, limit: number): Promise<OpenCount | undefined> {
    const now = Date.now();
    const known = this.openCounts.get(workspaceId);
    // A slow count (a workspace with very many open instances) is read less often: counting takes
    // at most a tenth of the time of one replica for one workspace.
    const period = Math.max(this.config.QUOTA_INSTANCE_COUNT_CACHE_MS, 10 * (known?.tookMs ?? 0));
    if (known && now - known.countedAt < period) return known;
    // One first count per workspace at a time, too.
    const first = known ? undefined : this.firstCounts.get(workspaceId);
    if (first) return first;
    if (!known?.refreshing) {
      const base = known?.admittedSince ?? 0;
      const refreshing = this.orchestrator
        // Counting stops past the limit: the cost of a count is bounded by the quota.
        .countOpenInstances({ workspaceId, atMost: Math.min(limit + 1, 2_147_483_647) })
        .then(
          ({ count }): OpenCount => {
            // Entries admitted while the count ran may not be in it: kept on top of it, so that
            // a burst cannot use the same headroom twice (some may be counted twice: stricter).
            const during = known ? known.admittedSince - base : 0;
            const fresh: OpenCount = {
              count,
              countedAt: now,
              tookMs: Date.now() - now,
              admittedSince: during,
            };
            if (this.openCounts.size >= 10_000 && !this.openCounts.has(workspaceId))
              this.openCounts.delete(this.openCounts.keys().next().value as string);
            this.openCounts.set(workspaceId, fresh);
            return fresh;
          },
          (): OpenCount | undefined => {
            if (known) known.refreshing = undefined;
            return undefined;
          },
        );
      if (!known) {
        this.firstCounts.set(workspaceId, refreshing);
        return refreshing.finally(() => this.firstCounts.delete(workspaceId));
      }
      known.refreshing = refreshing;
    }
    // A count up to 10 s (3 periods) old is used while a newer one is read; older, it is waited for.
    return now - known.countedAt < Math.max(10_000, 3 * period) ? known : known.refreshing;
  }

  private async effective(workspaceId: string, fresh = false): Promise<WorkspaceQuotas> {
    if (fresh) this.cache.delete(workspaceId);
    return this.cache.get(workspaceId, async () => ({
      ...this.defaults,
      ...(await this.store.get(workspaceId)),
    }));
  }
}
