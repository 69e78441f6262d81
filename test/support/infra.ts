/**
 * Test access to the real infrastructure started by `scripts/infra.sh start` (npm test does it
 * once per run). Integration and end-to-end test files run one at a time (--runInBand), and each
 * starts from a clean slate with `resetAll()`.
 */
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { STREAMS } from '@kalcifer/contracts';

export const infra = {
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  mongoUrl: process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/kalcifer',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  smtpUrl: process.env.SMTP_URL ?? 'smtp://127.0.0.1:1025',
  mailpitUrl: process.env.MAILPIT_URL ?? 'http://127.0.0.1:8025',
};

/** A MongoDB URL for a database of this test file's own. */
export function testMongoUrl(dbName: string): string {
  const url = new URL(infra.mongoUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
}

/** Deletes every Kalcifer stream (and so every consumer). Services recreate them at boot. */
export async function resetBus(): Promise<void> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for (const def of Object.values(STREAMS)) {
      await jsm.streams.delete(def.name).catch(() => undefined);
    }
  } finally {
    await nc.close();
  }
}

export async function dropDatabase(dbName: string): Promise<void> {
  const conn = await mongoose.createConnection(testMongoUrl(dbName)).asPromise();
  try {
    await conn.dropDatabase();
  } finally {
    await conn.close();
  }
}

export async function flushRedis(): Promise<void> {
  const redis = new Redis(infra.redisUrl);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

export interface MailpitMessage {
  ID: string;
  MessageID: string;
  Subject: string;
  To: { Address: string }[];
  Created: string;
}

/** Every message Mailpit holds (paged). */
export async function mailpitMessages(): Promise<MailpitMessage[]> {
  const out: MailpitMessage[] = [];
  for (let start = 0; ; start += 1000) {
    const res = await fetch(`${infra.mailpitUrl}/api/v1/messages?start=${start}&limit=1000`);
    const page = (await res.json()) as { messages: MailpitMessage[]; total: number };
    out.push(...page.messages);
    if (page.messages.length < 1000) return out;
  }
}

export async function clearMailpit(): Promise<void> {
  await fetch(`${infra.mailpitUrl}/api/v1/messages`, { method: 'DELETE' });
}

export async function resetAll(dbName: string): Promise<void> {
  await Promise.all([resetBus(), dropDatabase(dbName), flushRedis(), clearMailpit()]);
}

/** Polls `probe` until it returns a truthy value or the deadline passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const lastFailure = String(last);
      throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${lastFailure}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** How many messages a stream holds (0 when it does not exist yet). */
export async function streamMessageCount(stream: string): Promise<number> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream).catch(() => undefined);
    return info?.state.messages ?? 0;
  } finally {
    await nc.close();
  }
}

/** Messages of a durable consumer not yet acknowledged (pending delivery + delivered, unacked). */
export async function consumerBacklog(stream: string, durable: string): Promise<number> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.consumers.info(stream, durable);
    return info.num_pending + info.num_ack_pending;
  } finally {
    await nc.close();
  }
}

/** Messages not yet acknowledged by any durable consumer of any stream (0: every service has caught up). */
export async function busBacklog(): Promise<number> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    let backlog = 0;
    for await (const stream of jsm.streams.list())
      for await (const c of jsm.consumers.list(stream.config.name))
        if (c.config.durable_name) backlog += c.num_pending + c.num_ack_pending;
    return backlog;
  } finally {
    await nc.close();
  }
}
