import { Gauge, type Registry } from 'prom-client';
import type { JetStreamManager } from '@nats-io/jetstream';

interface TrackedConsumer {
  jsm: JetStreamManager;
  stream: string;
  durable: string;
}

/** The durable consumers this process runs (startConsumer adds them, stop removes them). */
const running = new Set<TrackedConsumer>();

export function trackConsumer(consumer: TrackedConsumer): () => void {
  running.add(consumer);
  return () => running.delete(consumer);
}

/**
 * JetStream consumer lag on `registry`, read from the server's consumer info when scraped (one
 * request per consumer per scrape, nothing per message): messages not yet delivered
 * (num_pending) and delivered but not yet acknowledged (num_ack_pending).
 */
export function registerConsumerLagMetrics(registry: Registry): void {
  const labelNames = ['stream', 'durable'] as const;
  const pending = new Gauge({
    name: 'kalcifer_jetstream_consumer_pending_messages',
    help: 'Messages in the stream not yet delivered to this durable consumer (num_pending)',
    labelNames,
    registers: [registry],
    collect: () => measure(),
  });
  const ackPending = new Gauge({
    name: 'kalcifer_jetstream_consumer_ack_pending_messages',
    help: 'Messages delivered to this durable consumer and not yet acknowledged (num_ack_pending)',
    labelNames,
    registers: [registry],
    collect: () => measure(),
  });
  // prom-client collects every metric at once: both gauges wait for one round of requests.
  const measure = oncePerScrape(async () => {
    const infos = await Promise.all(
      [...running].map(async ({ jsm, stream, durable }) => ({
        stream,
        durable,
        info: await jsm.consumers.info(stream, durable).catch(() => undefined),
      })),
    );
    pending.reset();
    ackPending.reset();
    for (const { stream, durable, info } of infos) {
      if (!info) continue;
      pending.set({ stream, durable }, info.num_pending);
      ackPending.set({ stream, durable }, info.num_ack_pending);
    }
  });
}

/** `work` shared by the callers that arrive while it runs (the metrics of one scrape). */
function oncePerScrape(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= work().finally(() => (running = undefined)));
}
