import { Injectable, inject, signal } from '@angular/core';
import type { JournalStep } from '../api/api-models';
import { GatewayClient } from '../api/gateway-client';
import { countByNode, type NodeCounts } from './count-by-node';

const REFRESH_MS = 500;
const FLASH_MS = 1200;
const RETRY_MS = 2000;

/**
 * The live overlay of one journey: customers per node (per version), read from the journey's
 * occupancy (`GET /v1/journeys/{id}/occupancy`, counted by the orchestrator) and read again as the
 * journal stream (`GET /v1/stream`) reports steps; the nodes a step entered flash, and each step
 * is handed to `onStep` (the editor's flow animation).
 */
@Injectable()
export class LiveCounts {
  private readonly gateway = inject(GatewayClient);
  readonly on = signal(false);
  readonly counts = signal<NodeCounts>(new Map());
  readonly flashing = signal<ReadonlySet<string>>(new Set());
  readonly error = signal<string | null>(null);
  /** Steps received over the stream since the overlay was switched on. */
  readonly steps = signal(0);
  private abort: AbortController | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private stepListener: ((step: JournalStep) => void) | undefined;

  start(journeyId: string, onStep?: (step: JournalStep) => void): void {
    this.stop();
    this.stepListener = onStep;
    this.on.set(true);
    this.steps.set(0);
    const abort = new AbortController();
    this.abort = abort;
    void this.refresh(journeyId);
    void this.follow(journeyId, abort.signal);
  }

  stop(): void {
    this.abort?.abort();
    this.abort = null;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.stepListener = undefined;
    this.on.set(false);
    this.flashing.set(new Set());
  }

  private async follow(journeyId: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.gateway.streamJournal(journeyId, (data) => this.onStep(journeyId, data), signal);
      } catch (err) {
        if (signal.aborted) return;
        this.error.set(err instanceof Error ? err.message : String(err));
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private onStep(journeyId: string, data: string): void {
    const step = JSON.parse(data) as JournalStep;
    this.steps.update((n) => n + 1);
    this.stepListener?.(step);
    const entered = step.events.filter((e) => e.type === 'node.entered' && e.nodeId).map((e) => e.nodeId!);
    if (entered.length) {
      this.flashing.update((s) => new Set([...s, ...entered]));
      setTimeout(
        () => this.flashing.update((s) => new Set([...s].filter((id) => !entered.includes(id)))),
        FLASH_MS,
      );
    }
    // At most one count per REFRESH_MS however busy the journey (a debounce would starve under steady traffic).
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh(journeyId);
    }, REFRESH_MS);
  }

  private async refresh(journeyId: string): Promise<void> {
    try {
      const occupancy = await this.gateway.occupancy(journeyId);
      if (this.on()) this.counts.set(countByNode(occupancy));
      this.error.set(null);
    } catch (err) {
      this.error.set(err instanceof Error ? err.message : String(err));
    }
  }
}
