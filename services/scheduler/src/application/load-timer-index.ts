import { Inject, Injectable } from '@nestjs/common';
import { TIMER_STORE, type TimerStore } from '../ports/timer-store';
import { TIMER_INDEX, type TimerIndex } from '../ports/timer-index';
import { TIMER_SETTINGS, type TimerSettings } from '../ports/settings';

const PAGE_SIZE = 1_000;
/** The loader's lease, renewed with every page; a crashed loader frees it after this long. */
const LEASE_MS = 60_000;

export type LoadOutcome =
  | { outcome: 'loaded'; read: number; added: number }
  /** Another loader holds the lease: its load covers ours. */
  | { outcome: 'busy' }
  /** The lease vanished mid-way (Redis flushed or restarted): the index is still marked lost. */
  | { outcome: 'aborted'; read: number; added: number };

/**
 * (Re)builds the Redis index from the store: every pending timer due within the horizon, overdue
 * ones included (a crash between claim and publish left them pending). Runs at boot, every
 * horizon/4, and at once when the index is found lost.
 */
@Injectable()
export class LoadTimerIndex {
  constructor(
    @Inject(TIMER_STORE) private readonly store: TimerStore,
    @Inject(TIMER_INDEX) private readonly index: TimerIndex,
    @Inject(TIMER_SETTINGS) private readonly settings: TimerSettings,
  ) {}

  async execute(now = Date.now()): Promise<LoadOutcome> {
    const token = await this.index.beginLoad(LEASE_MS);
    if (!token) return { outcome: 'busy' };
    let read = 0;
    let added = 0;
    for await (const page of this.store.pendingDueBy(now + this.settings.horizonMs, PAGE_SIZE)) {
      read += page.length;
      const result = await this.index.addLoaded(token, page, LEASE_MS);
      added += result.added;
      if (!result.leaseHeld) return { outcome: 'aborted', read, added };
    }
    // Revisions are kept only as long as a slow writer could still apply an older one.
    const complete = await this.index.finishLoad(token, now - Math.max(this.settings.horizonMs, LEASE_MS));
    return { outcome: complete ? 'loaded' : 'aborted', read, added };
  }
}
