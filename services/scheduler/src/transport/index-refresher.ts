import { Inject, Injectable } from '@nestjs/common';
import { LoadTimerIndex } from '../application/load-timer-index';
import { LOGGER, type Logger } from '../ports/logger';
import { TRANSPORT_SETTINGS, type TransportSettings } from './transport-settings';

/**
 * Reload requests closer together than this are merged (the poller asks at every poll while the
 * index is lost).
 */
const MIN_GAP_MS = 500;

/** Runs the index loader at boot, every horizon/4, and on request; one load at a time. */
@Injectable()
export class IndexRefresher {
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastStart = 0;
  private stopped = false;

  constructor(
    private readonly loadIndex: LoadTimerIndex,
    @Inject(TRANSPORT_SETTINGS) private readonly settings: TransportSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Loads once (a failure is only logged: the poller asks again while the index is incomplete),
   * then every horizon/4.
   */
  async start(): Promise<void> {
    this.stopped = false;
    this.request('boot');
    await this.running;
    this.interval = setInterval(() => this.request('periodic'), this.settings.reloadEveryMs);
  }

  request(reason: string): void {
    if (this.stopped || this.running) return;
    if (reason !== 'periodic' && Date.now() - this.lastStart < MIN_GAP_MS) return;
    this.lastStart = Date.now();
    this.running = this.load(reason).finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.interval);
    await this.running;
  }

  private async load(reason: string): Promise<void> {
    const started = Date.now();
    try {
      const result = await this.loadIndex.execute(started);
      const log =
        result.outcome === 'aborted'
          ? this.logger.warn.bind(this.logger)
          : this.logger.info.bind(this.logger);
      log({ reason, ...result, ms: Date.now() - started }, 'timer index load');
    } catch (err) {
      this.logger.error({ err, reason }, 'timer index load failed');
    }
  }
}
