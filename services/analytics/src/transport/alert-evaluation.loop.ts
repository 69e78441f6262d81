import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '@kalcifer/platform';
import type { EvaluateAlertRules } from '../application/evaluate-alert-rules';

/**
 * Evaluates the alert rules every ALERT_EVAL_INTERVAL_MS, one pass at a time (a slow pass delays
 * the next, never overlaps it). Every replica runs it; the compare-and-set on each rule's state
 * lets only one of them send a change.
 */
export class AlertEvaluationLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private readonly changes: Counter<'change'>;

  constructor(
    private readonly evaluate: EvaluateAlertRules,
    private readonly intervalMs: number,
    registry: Registry,
    private readonly logger: Logger,
  ) {
    this.changes = new Counter({
      name: 'kalcifer_analytics_alerts_total',
      help: 'Alert state changes this replica sent (fired, resolved)',
      labelNames: ['change'],
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => this.schedule());
    }, this.intervalMs);
  }

  private async pass(): Promise<void> {
    try {
      const outcome = await this.evaluate.execute();
      if (outcome.fired > 0) this.changes.inc({ change: 'fired' }, outcome.fired);
      if (outcome.resolved > 0) this.changes.inc({ change: 'resolved' }, outcome.resolved);
    } catch (err) {
      this.logger.warn({ err }, 'alert evaluation pass failed; trying again next interval');
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
