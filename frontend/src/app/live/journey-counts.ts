import { Injectable, inject, signal } from '@angular/core';
import type { JournalStep, JourneyOccupancy } from '../api/api-models';
import { GatewayClient } from '../api/gateway-client';

const REFRESH_MS = 1000;
const RETRY_MS = 2000;
/** Occupancy reads at once when the list opens (one per published journey). */
const PARALLEL_READS = 4;
/** Only steps that change how many customers are in a journey reach the list. */
const COUNTED_TYPES = 'journey.entered,journey.completed,journey.exited,journey.failed,instance.migrated';

/** Customers in one journey now: in all, and per version. */
export interface JourneyCount {
  total: number;
  perVersion: Record<string, number>;
}

export function journeyCount(occupancy: JourneyOccupancy): JourneyCount {
  const total = Object.values(occupancy.perVersion).reduce((sum, n) => sum + n, 0);
  return { total, perVersion: occupancy.perVersion };
}

/**
 * Live counts of the journey list: each published journey's occupancy once (`GET
 * /v1/journeys/{id}/occupancy`, counted by the orchestrator), then only the journeys the
 * workspace's journal stream (`GET /v1/stream?types=`, entries and endings only) reports a change
 * of, at most once a second each: a quiet workspace costs nothing after the first read.
 */
@Injectable()
export class JourneyCounts {
  private readonly gateway = inject(GatewayClient);
  readonly counts = signal<ReadonlyMap<string, JourneyCount>>(new Map());
  readonly error = signal<string | null>(null);
  private abort: AbortController | null = null;
  private dirty = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Reads the counts of `journeyIds` and follows the stream until `stop`. */
  start(journeyIds: string[]): void {
    this.stop();
    const abort = new AbortController();
    this.abort = abort;
    void this.follow(abort.signal);
    void this.read(journeyIds, abort.signal);
  }

  stop(): void {
    this.abort?.abort();
    this.abort = null;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
    this.counts.set(new Map());
  }

  private async read(journeyIds: string[], signal: AbortSignal): Promise<void> {
    const queue = [...journeyIds];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined && !signal.aborted; id = queue.shift()) {
        try {
          const count = journeyCount(await this.gateway.occupancy(id));
          if (!signal.aborted) this.counts.update((all) => new Map(all).set(id, count));
        } catch (err) {
          if (!signal.aborted) this.error.set(err instanceof Error ? err.message : String(err));
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
  }

  private async follow(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.gateway.streamSteps(`types=${COUNTED_TYPES}`, (data) => this.onStep(data, signal), signal);
      } catch (err) {
        if (signal.aborted) return;
        this.error.set(err instanceof Error ? err.message : String(err));
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private onStep(data: string, signal: AbortSignal): void {
    this.dirty.add((JSON.parse(data) as JournalStep).journeyId);
    // At most one read per journey per REFRESH_MS however busy (a debounce would starve).
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const ids = [...this.dirty];
      this.dirty.clear();
      void this.read(ids, signal);
    }, REFRESH_MS);
  }
}
