import { AppError } from '@kalcifer/platform';
import type { GatewayConfig } from '../config';
import type { OrchestratorClient } from '../ports/orchestrator.port';
import type { QuotaStore } from '../ports/quota-store.port';
import type { RateLimiter } from '../ports/rate-limiter.port';
import { Quotas } from './workspace-quotas';

/** The activeInstances quota: counts asked of the orchestrator, reused, and what was admitted since. */
function setup(opts: { limit?: number; cacheMs?: number } = {}) {
  const state = {
    open: 0,
    counts: 0,
    fail: false,
    release: undefined as (() => void) | undefined,
    hold: false,
  };
  const orchestrator = {
    async countOpenInstances(r: { workspaceId: string; atMost: number }) {
      state.counts += 1;
      if (state.hold) await new Promise<void>((resolve) => (state.release = resolve));
      if (state.fail) throw new Error('orchestrator down');
      return { count: Math.min(state.open, r.atMost) };
    },
  } as unknown as OrchestratorClient;
  const store: QuotaStore = {
    get: async () => ({ activeInstances: opts.limit ?? 10 }),
    set: async () => undefined,
  };
  const limiter = {} as RateLimiter;
  const config = {
    RATE_LIMITS: 'on',
    QUOTA_ACTIVE_INSTANCES: 1_000,
    QUOTA_INSTANCE_COUNT_CACHE_MS: opts.cacheMs ?? 60_000,
  } as GatewayConfig;
  return { quotas: new Quotas(store, limiter, orchestrator, config), state };
}

/**
 * Past the cache period: max(QUOTA_INSTANCE_COUNT_CACHE_MS, 10 x the last count's time), and a
 * count of these fakes is measured at a few ms on a loaded machine (5 ms was too short there).
 */
const pastCachePeriod = () => new Promise((r) => setTimeout(r, 200));

const refusal = async (p: Promise<void>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

it('counts once for a burst and refuses the batch that would cross the limit, whole', async () => {
  const { quotas, state } = setup({ limit: 10 });
  state.open = 4;
  await Promise.all([quotas.admitEntries('ws', 2), quotas.admitEntries('ws', 2)]);
  expect(state.counts).toBe(1);
  // 4 counted + 4 admitted since: 3 more would make 11.
  const err = await refusal(quotas.admitEntries('ws', 3));
  expect(err.code).toBe('quota_exceeded');
  expect(err.message).toContain('may have 10 open journey instances and has 8');
  expect(err.details).toMatchObject({ retryAfterSeconds: expect.any(Number), limit: 10, open: 8 });
  // The refused batch took nothing: 2 still fit.
  await quotas.admitEntries('ws', 2);
  await refusal(quotas.admitEntries('ws', 1));
  expect(state.counts).toBe(1);
});

it('reads the count again after the cache period, then sees instances that ended', async () => {
  const { quotas, state } = setup({ limit: 3, cacheMs: 1 });
  state.open = 3;
  await refusal(quotas.admitEntries('ws', 1));
  state.open = 1;
  await pastCachePeriod();
  // The stale count answers while the new one is read (a slow count holds no request)...
  await refusal(quotas.admitEntries('ws', 1));
  await pastCachePeriod();
  // ...and the new one the next time.
  await quotas.admitEntries('ws', 2);
});

it('keeps what was admitted while a count ran on top of that count', async () => {
  const { quotas, state } = setup({ limit: 5, cacheMs: 1 });
  await quotas.admitEntries('ws', 1);
  await pastCachePeriod();
  state.hold = true;
  await quotas.admitEntries('ws', 2); // stale count 0 + 1 admitted: fits; a refresh starts
  state.open = 1; // the refresh's count includes the first, not these 2
  state.release?.();
  await new Promise((r) => setTimeout(r, 0));
  state.hold = false;
  // 1 counted + 2 admitted during the count: 3 more would make 6.
  expect((await refusal(quotas.admitEntries('ws', 3))).message).toContain('has 3');
});

it('lets entries pass when the orchestrator cannot count', async () => {
  const { quotas, state } = setup({ limit: 1 });
  state.fail = true;
  await quotas.admitEntries('ws', 5);
});
