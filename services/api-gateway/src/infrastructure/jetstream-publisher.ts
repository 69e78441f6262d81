import { AppError, publishAll, type Bus, type Logger, type OutgoingMessage } from '@kalcifer/platform';
import type { EventPublisher } from '../ports/event-publisher.port';

/** One round of concurrent publishes covers a whole batch (the API caps batches at 1,000). */
const CONCURRENCY = 1_000;

const unavailable = (why: string) =>
  new AppError(
    'unavailable',
    'service_unavailable',
    `the event bus (NATS JetStream) ${why}; retry shortly (resend the same ids to avoid duplicates)`,
  );

/**
 * Publishes with JetStream acks. While the connection is down it fails at once instead of
 * buffering (a request would otherwise hang until the publish timeout and then maybe succeed).
 *
 * Backpressure: at most `maxInFlight` events and enrollments (the units the messages carry)
 * await their acks at once. A request that would
 * go over is refused at once with 503 and Retry-After (nothing of it published), so that ingest
 * beyond what the bus takes costs the gateway neither memory nor a pile of slow requests, and the
 * client knows to come back.
 */
export class JetStreamPublisher implements EventPublisher {
  private connected = true;
  private inFlight = 0;
  private readonly watching: Promise<void>;

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly deadlineMs = 8_000,
    private readonly maxInFlight = 20_000,
  ) {
    this.watching = this.watchConnection();
  }

  async publish(messages: OutgoingMessage[], units = messages.length): Promise<void> {
    if (messages.length === 0) return;
    if (!this.connected || this.bus.nc.isClosed()) throw unavailable('is not connected');
    if (this.inFlight > 0 && this.inFlight + units > this.maxInFlight) throw this.saturated();
    this.inFlight += units;
    try {
      await this.publishNow(messages);
    } finally {
      this.inFlight -= units;
    }
  }

  /**
   * At the bound no request of one unit or more can be taken: `publish` would refuse it. Checked
   * before the body is read, so that a refusal costs the gateway no parsing (a request below the
   * bound that would cross it is still refused by `publish`, after parsing).
   */
  assertAccepting(): void {
    if (!this.connected || this.bus.nc.isClosed()) throw unavailable('is not connected');
    if (this.inFlight >= this.maxInFlight) throw this.saturated();
  }

  private saturated(): AppError {
    return unavailable(`is saturated (${this.inFlight} events and enrollments awaiting acknowledgement)`);
  }

  private async publishNow(messages: OutgoingMessage[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(unavailable(`did not acknowledge within ${this.deadlineMs} ms`)),
        this.deadlineMs,
      );
    });
    try {
      await Promise.race([publishAll(this.bus.js, messages, CONCURRENCY), deadline]);
    } catch (err) {
      if (err instanceof AppError) throw err;
      // Within every input limit a body can still make one message over the server's max_payload
      // (1 MB by default): that is the request's size, not an outage.
      if (String(err).includes('max_payload'))
        throw new AppError(
          'invalid',
          'payload_too_large',
          `one message is larger than the event bus accepts (${this.bus.nc.info?.max_payload ?? 'max_payload'} bytes as JSON); send smaller properties or context`,
        );
      this.logger.warn({ err, count: messages.length }, 'jetstream publish failed');
      throw unavailable('refused the messages');
    } finally {
      clearTimeout(timer);
    }
  }

  isConnected(): boolean {
    return this.connected && !this.bus.nc.isClosed();
  }

  /** Resolves when the connection closes (the status iterator ends). */
  closed(): Promise<void> {
    return this.watching;
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.bus.nc.status()) {
      if (status.type === 'disconnect' || status.type === 'staleConnection') this.connected = false;
      else if (status.type === 'reconnect') this.connected = true;
    }
  }
}
