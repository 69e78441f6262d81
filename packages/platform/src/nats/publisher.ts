import { createHash } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { injectContext } from '../telemetry';

export interface OutgoingMessage {
  subject: string;
  /** Deterministic: a re-publish with the same id is dropped by JetStream. */
  msgId: string;
  body: unknown;
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
  // The active trace travels in the message's headers (JetStream sends headers anyway: the msg id).
  let headers: MsgHdrs | undefined;
  injectContext((key, value) => (headers ??= natsHeaders()).set(key, value));
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      await js.publish(msg.subject, encoder.encode(JSON.stringify(msg.body)), {
        msgID: msg.msgId,
        timeout: ATTEMPT_TIMEOUT_MS,
        headers,
      });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 50 * 2 ** i));
    }
  }
  throw lastError;
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
