import { Inject, Injectable } from '@nestjs/common';
import { FireDueTimers, type FireOutcome } from '../application/fire-due-timers';
import { LOGGER, type Logger } from '../ports/logger';
import { IndexRefresher } from './index-refresher';
import { TRANSPORT_SETTINGS, type TransportSettings } from './transport-settings';

const MAX_BACKOFF_MS = 5_000;

/**
 * Fires due timers every TIMER_POLL_MS; polls again at once after a full batch (catching up
 * after downtime), backs off while NATS or Redis fail.
 */
@Injectable()
export class DueTimerPoller {
  private loop: Promise<void> | undefined;
  private stopped = true;
  private wake: (() => void) | undefined;

  constructor(
    private readonly fireDueTimers: FireDueTimers,
    private readonly refresher: IndexRefresher,
    @Inject(TRANSPORT_SETTINGS) private readonly settings: TransportSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const outcome = await this.pollOnce();
      failures = outcome && !outcome.error ? 0 : failures + 1;
      if (outcome && outcome.claimed >= this.settings.batchSize && !outcome.error) continue;
      await this.sleep(
        failures === 0
          ? this.settings.pollMs
          : Math.min(MAX_BACKOFF_MS, this.settings.pollMs * 2 ** failures),
      );
    }
  }

  private async pollOnce(): Promise<FireOutcome | undefined> {
    try {
      const outcome = await this.fireDueTimers.execute();
      if (!outcome.indexIntact) this.refresher.request('index lost');
      if (outcome.claimed > 0 && !outcome.error)
        this.logger.debug({ fired: outcome.claimed }, 'timers fired');
      if (outcome.error) {
        this.logger.error(
          { err: outcome.error, claimed: outcome.claimed },
          'publishing fired timers failed; put back',
        );
      }
      return outcome;
    } catch (err) {
      this.logger.error({ err }, 'timer poll failed');
      return undefined;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timeout = setTimeout(done, ms);
      function done() {
        clearTimeout(timeout);
        resolve();
      }
      this.wake = done;
    });
  }
}
