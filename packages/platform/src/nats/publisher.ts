import { createHash } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import {
  SpanKind,
  activeContext,
  beginOutgoing,
  contextOfTraceparent,
  endWork,
  injectContext,
} from '../telemetry';

export interface OutgoingMessage {
  subject: string;
  /** Deterministic: a re-publish with the same id is dropped by JetStream. */
  msgId: string;
  body: unknown;
  /**
   * The trace the message continues when that is not the active one: a timer's fire continues the
   * trace of the step that set the timer (W3C traceparent stored with the timer).
   */
  traceparent?: string;
}

const encoder = new TextEncoder();

/**
 * How long one attempt waits for the stream's ack. A publish made while the connection is down
 * is sent after the reconnect, but its ack never comes: it would wait out the whole timeout
 * (the client's default is 10 s; measured by the chaos suite, timers due while NATS restarted
 * fired 10 s late). Acks take milliseconds; a slow one is retried, and the msg id makes the
 * retry a no-op if the first attempt was stored after all.
 */
const ATTEMPT_TIMEOUT_MS = 3_000;

/** Publishes one message and waits for the stream's ack, retrying transient failures. */
export async function publishJson(js: JetStreamClient, msg: OutgoingMessage, attempts = 5): Promise<void> {
  // The trace travels in the message's headers (JetStream sends headers anyway: the msg id); with
  // the SDK, under a PRODUCER span of the publish, which the consumer's span hangs below.
  const parent = msg.traceparent !== undefined ? contextOfTraceparent(msg.traceparent) : activeContext();
  const producer = beginOutgoing(`publish ${subjectTemplate(msg.subject)}`, SpanKind.PRODUCER, parent, {
    'messaging.system': 'nats',
    'messaging.operation.type': 'send',
    'messaging.destination.name': msg.subject,
    'messaging.message.id': msg.msgId,
  });
  let headers: MsgHdrs | undefined;
  injectContext((key, value) => (headers ??= natsHeaders()).set(key, value), producer.ctx);
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      await js.publish(msg.subject, encoder.encode(JSON.stringify(msg.body)), {
        msgID: msg.msgId,
        timeout: ATTEMPT_TIMEOUT_MS,
        headers,
      });
      endWork(producer.span);
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 50 * 2 ** i));
    }
  }
  endWork(producer.span, lastError);
  throw lastError;
}

/**
 * A subject without its ids (`kalcifer.<ws>.signals.timer` -> `kalcifer.*.signals.timer`,
 * `kalcifer.<ws>.journal.<journeyId>` -> `kalcifer.*.journal.*`): span names stay a small set,
 * the subject itself is an attribute.
 */
function subjectTemplate(subject: string): string {
  const parts = subject.split('.');
  if (parts[0] !== 'kalcifer' || parts.length < 3) return subject;
  parts[1] = '*';
  if (parts[2] === 'journal' && parts.length > 3) parts[3] = '*';
  return parts.join('.');
}

/** Publishes many messages concurrently (one await per batch, not per message). */
export async function publishAll(
  js: JetStreamClient,
  msgs: OutgoingMessage[],
  concurrency = 256,
): Promise<void> {
  for (let i = 0; i < msgs.length; i += concurrency) {
    await Promise.all(msgs.slice(i, i + concurrency).map((m) => publishJson(js, m)));
  }
}

/**
 * The msg id of a batch message: `<prefix>:<workspaceId>:<digest of its items' ids>`, so the same
 * items in the same grouping make the same id (JetStream drops the repeat).
 */
export function batchMsgId(prefix: string, workspaceId: string, itemIds: Iterable<string>): string {
  const digest = createHash('sha256');
  for (const id of itemIds) digest.update(id).update('\n');
  return `${prefix}:${workspaceId}:${digest.digest('base64url').slice(0, 22)}`;
}
