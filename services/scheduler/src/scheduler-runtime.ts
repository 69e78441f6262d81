import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { FireRecorder } from './application/record-fires';
import { LOGGER, type Logger } from './ports/logger';
import { DueTimerPoller } from './transport/due-timer-poller';
import { HealthEndpoint } from './transport/health-endpoint';
import { IndexRefresher } from './transport/index-refresher';
import { TimerRequestsConsumer } from './transport/timer-requests.consumer';

/** How long shutdown waits for fired timers to be marked in the store. */
const DRAIN_MS = 10_000;

/**
 * Starts and stops the service's moving parts in one visible order. Start: health, the index
 * (loaded before the first poll, so overdue timers fire at once), the poller, then the request
 * consumer. Stop: the reverse, then the connections close (ConnectionsCloser).
 */
@Injectable()
export class SchedulerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly health: HealthEndpoint,
    private readonly refresher: IndexRefresher,
    private readonly poller: DueTimerPoller,
    private readonly consumer: TimerRequestsConsumer,
    private readonly recorder: FireRecorder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.health.start();
      await this.refresher.start();
      this.poller.start();
      await this.consumer.start();
    } catch (err) {
      await this.beforeApplicationShutdown();
      throw err;
    }
    this.logger.info({ healthPort: this.health.port }, 'scheduler started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    await this.poller.stop();
    await this.refresher.stop();
    const unmarked = await this.recorder.stop(DRAIN_MS);
    if (unmarked > 0) {
      // Still pending in the store: fired again after restart, and dropped by JetStream as duplicates.
      this.logger.warn({ unmarked }, 'stopped before every fire was marked');
    }
    await this.health.stop();
    this.logger.info('scheduler stopped');
  }
}
