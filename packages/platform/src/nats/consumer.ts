import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { Logger } from '../logger';
import { trackConsumer } from './consumer-lag';
import { logContextOf, withLogContext } from '../logger';
import { SpanKind, beginWork, endWork, extractContext, runInContext, type Span } from '../telemetry';

export interface ConsumerSpec<T> {
  stream: string;
  durable: string;
  filterSubject: string;
  /** Messages handled at once by this process (items, when `weigh` is given). */
  concurrency?: number;
  /**
   * The items a message carries (a batch message: its length), when messages carry different
   * numbers of items: `concurrency` then bounds the items in hand, not the messages, so that lone
   * items are taken as many at once as the items of batches are.
   */
  weigh?: (body: T) => number;
  /**
   * Messages JetStream hands out ahead of the handlers (default: twice `concurrency`). They wait
   * without a heartbeat, so a consumer whose messages carry many items keeps this small: a long
   * wait past the ack wait means a redelivery.
   */
  prefetch?: number;
  /** Redelivery after this long without ack (the handler extends it while working). */
  ackWaitMs?: number;
  /** After this many deliveries the message is terminated and logged as dead. */
  maxDeliver?: number;
  handle: (body: T, msg: JsMsg) => Promise<void>;
}

/** A handler throws this for input that can never succeed: terminated at once, not retried. */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

/**
 * Durable pull consumer with bounded concurrency, explicit acks and backoff on failure. A message
 * is acked only after its handler resolved, so a crash mid-handler means redelivery (handlers are
 * idempotent by design).
 */
export async function startConsumer<T>(
  js: JetStreamClient,
  jsm: JetStreamManager,
  spec: ConsumerSpec<T>,
  logger: Logger,
): Promise<RunningConsumer> {
  const concurrency = spec.concurrency ?? 32;
  const maxDeliver = spec.maxDeliver ?? 50;
  // Short enough that a crashed worker's in-flight messages come back quickly; live handlers
  // extend it with a heartbeat.
  const ackWaitMs = spec.ackWaitMs ?? 10_000;
  const config = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: spec.filterSubject,
    ack_wait: nanos(ackWaitMs),
    max_deliver: maxDeliver,
    max_ack_pending: Math.max(1000, concurrency * 4),
  };
  try {
    await jsm.consumers.add(spec.stream, config);
  } catch (err) {
    if (!String(err).includes('already exists')) throw err;
    await jsm.consumers.update(spec.stream, spec.durable, config);
  }
  const consumer = await js.consumers.get(spec.stream, spec.durable);
  const messages = await consumer.consume({ max_messages: spec.prefetch ?? concurrency * 2 });
  const untrack = trackConsumer({ jsm, stream: spec.stream, durable: spec.durable });
  const inFlight = new Set<Promise<void>>();

  const decode = (msg: JsMsg): { body: T } | undefined => {
    try {
      return { body: msg.json<T>() };
    } catch {
      logger.error({ subject: msg.subject, seq: msg.seq }, 'undecodable message terminated');
      msg.term('undecodable');
      return undefined;
    }
  };

  const handleOne = async (msg: JsMsg, body: T) => {
    // Each message runs in its publisher's trace (traceparent header), and its log lines carry
    // the ids its body names. Without an OTLP exporter this builds no span, only ids.
    const headers = msg.headers;
    const work = beginWork(
      spec.durable,
      SpanKind.CONSUMER,
      extractContext((key) => headers?.get(key) || undefined),
      { 'messaging.destination.name': msg.subject },
    );
    const fields = { correlationId: `${spec.durable}:${msg.seq}`, ...logContextOf(body) };
    await runInContext(work.ctx, () => withLogContext(fields, () => handleDecoded(msg, body, work.span)));
  };

  const handleDecoded = async (msg: JsMsg, body: T, span: Span | undefined) => {
    const heartbeat = setInterval(() => msg.working(), Math.max(1_000, ackWaitMs / 3));
    try {
      logger.debug({ subject: msg.subject, seq: msg.seq }, 'message received');
      await spec.handle(body, msg);
      msg.ack();
      endWork(span);
    } catch (err) {
      endWork(span, err);
      const deliveries = msg.info.deliveryCount;
      if (err instanceof PermanentError || deliveries >= maxDeliver) {
        logger.error({ err, subject: msg.subject, seq: msg.seq, deliveries }, 'message terminated');
        msg.term(String((err as Error).message ?? err).slice(0, 200));
      } else {
        const delay = Math.min(30_000, 100 * 2 ** Math.min(deliveries, 9));
        logger.warn(
          { err, subject: msg.subject, seq: msg.seq, deliveries, delay },
          'handler failed; will retry',
        );
        msg.nak(delay);
      }
    } finally {
      clearInterval(heartbeat);
    }
  };

  // Items in hand (messages, unless `weigh` says how many items each carries).
  let inHand = 0;
  const loop = (async () => {
    for await (const msg of messages) {
      const decoded = decode(msg);
      if (!decoded) continue;
      const weight = Math.max(1, spec.weigh ? spec.weigh(decoded.body) : 1);
      inHand += weight;
      const p = handleOne(msg, decoded.body).finally(() => {
        inFlight.delete(p);
        inHand -= weight;
      });
      inFlight.add(p);
      while (inHand >= concurrency && inFlight.size > 0) await Promise.race(inFlight);
    }
  })();

  return {
    async stop() {
      untrack();
      await messages.close();
      await loop.catch(() => undefined);
      await Promise.allSettled([...inFlight]);
    },
  };
}
