/**
 * What the scheduler's integration tests share: starting the service against the real
 * infrastructure, publishing requests the way the orchestrator does, and watching fired timers on
 * the signals stream with a consumer of our own.
 */
import { randomUUID } from 'node:crypto';
import type { ConsumerMessages } from '@nats-io/jetstream';
import { connectBus, type Bus } from '@kalcifer/platform';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import {
  STREAMS,
  subjects,
  type TimerCancelMessage,
  type TimerFiredMessage,
  type TimerRequestBatchMessage,
  type TimerScheduleMessage,
} from '@kalcifer/contracts';
import { infra, testMongoUrl } from '../../../test/support/infra';
import { bootstrap, type SchedulerHandle } from '../src/app';

export const newWorkspace = () => `ws-${randomUUID().slice(0, 8)}`;
export const newId = (kind: string) => `${kind}-${randomUUID()}`;
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A W3C traceparent of a fresh trace, as the orchestrator's step would put in a request. */
export const newTraceparent = () =>
  `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`;
/** The trace id of a traceparent. */
export const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

export function startScheduler(dbName: string, env: Record<string, string> = {}): Promise<SchedulerHandle> {
  return bootstrap({
    env: {
      NATS_URL: infra.natsUrl,
      MONGODB_URL: infra.mongoUrl,
      REDIS_URL: infra.redisUrl,
      MONGODB_DB: dbName,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...env,
    },
  });
}

export function scheduleMessage(
  workspaceId: string,
  dueAt: number,
  overrides: Partial<TimerScheduleMessage> = {},
) {
  return {
    workspaceId,
    timerId: newId('timer'),
    instanceId: newId('instance'),
    tokenId: 'token-1',
    nodeId: 'wait_3d',
    dueAt,
    ...overrides,
  } satisfies TimerScheduleMessage;
}

/** Publishes timer requests as the orchestrator does (one stream message each). */
export class Orchestrator {
  private constructor(private readonly bus: Bus) {}

  static async connect(): Promise<Orchestrator> {
    return new Orchestrator(await connectBus(infra.natsUrl, 'scheduler-test-orchestrator'));
  }

  private get js() {
    return this.bus.js;
  }

  async schedule(msg: TimerScheduleMessage, msgId = `timer-schedule:${randomUUID()}`): Promise<void> {
    await this.js.publish(subjects.timerSchedule(msg.workspaceId), JSON.stringify(msg), { msgID: msgId });
  }

  /** Publishes on `workspaceId`'s subject whatever the body says (a misbehaving publisher). */
  async scheduleOn(workspaceId: string, msg: TimerScheduleMessage): Promise<void> {
    await this.js.publish(subjects.timerSchedule(workspaceId), JSON.stringify(msg), { msgID: randomUUID() });
  }

  async cancel(msg: TimerCancelMessage, msgId = `timer-cancel:${randomUUID()}`): Promise<void> {
    await this.js.publish(subjects.timerCancel(msg.workspaceId), JSON.stringify(msg), { msgID: msgId });
  }

  /** Many requests in one `TimerRequestBatchMessage`, on `workspaceId`'s subject. */
  async batch(
    workspaceId: string,
    body: Omit<TimerRequestBatchMessage, 'workspaceId'> & { workspaceId?: string },
    msgId = `timer-batch:${randomUUID()}`,
  ): Promise<void> {
    await this.js.publish(subjects.timerBatch(workspaceId), JSON.stringify({ workspaceId, ...body }), {
      msgID: msgId,
    });
  }

  async close(): Promise<void> {
    await this.bus.nc.close();
  }
}

export interface ObservedFire {
  seq: number;
  msgId: string;
  body: TimerFiredMessage;
  receivedAt: number;
  /** The message's `traceparent` header. */
  traceparent?: string;
}

/** Every fired-timer message of one workspace, in stream order (an ordered consumer of our own). */
export class FireWatcher {
  readonly fires: ObservedFire[] = [];
  private loop: Promise<void> | undefined;

  private constructor(
    private readonly bus: Bus,
    private readonly messages: ConsumerMessages,
  ) {}

  static async start(workspaceId: string): Promise<FireWatcher> {
    const bus = await connectBus(infra.natsUrl, 'scheduler-test-watcher');
    const consumer = await bus.js.consumers.get(STREAMS.signals.name, {
      filter_subjects: subjects.timerFired(workspaceId),
    });
    const watcher = new FireWatcher(bus, await consumer.consume());
    watcher.loop = watcher.collect();
    return watcher;
  }

  of(timerId: string): ObservedFire[] {
    return this.fires.filter((f) => f.body.timerId === timerId);
  }

  async waitForCount(count: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.fires.length < count) {
      if (Date.now() > deadline)
        throw new Error(`saw ${this.fires.length} fires, expected ${count} within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  async close(): Promise<void> {
    await this.messages.close();
    await this.loop;
    await this.bus.nc.close();
  }

  private async collect(): Promise<void> {
    for await (const msg of this.messages) {
      // The headers' type lives in a nats-core subpath the repo's module resolution cannot see.
      const headers = msg.headers as unknown as { get(name: string): string } | undefined;
      this.fires.push({
        seq: msg.seq,
        msgId: headers?.get('Nats-Msg-Id') ?? '',
        body: msg.json<TimerFiredMessage>(),
        receivedAt: Date.now(),
        traceparent: headers?.get('traceparent') || undefined,
      });
    }
  }
}

/** Direct reads of the scheduler's own database and Redis, to check what it wrote. */
export class Inspector {
  private constructor(
    private readonly conn: mongoose.Connection,
    readonly redis: Redis,
    /** The scheduler's default Redis prefix for this database. */
    readonly redisPrefix: string,
  ) {}

  static async open(dbName: string): Promise<Inspector> {
    const conn = await mongoose.createConnection(testMongoUrl(dbName)).asPromise();
    return new Inspector(conn, new Redis(infra.redisUrl), `{kalcifer:timers:${dbName}}`);
  }

  timer(timerId: string) {
    return this.conn
      .collection<{
        _id: string;
        status: string;
        rev: number;
        dueAt?: Date;
        firedAt?: Date;
        traceparent?: string;
      }>('timers')
      .findOne({ _id: timerId });
  }

  countTimers(filter: Record<string, unknown>): Promise<number> {
    return this.conn.collection('timers').countDocuments(filter);
  }

  indexSize(): Promise<number> {
    return this.redis.zcard(`${this.redisPrefix}:due`);
  }

  async close(): Promise<void> {
    await this.conn.close();
    this.redis.disconnect();
  }
}

/** How many fires a scheduler instance published (the count of its fire-lag histogram). */
export async function publishedFires(handle: SchedulerHandle): Promise<number> {
  const metric = await handle.registry.getSingleMetric('scheduler_timer_fire_lag_seconds')?.get();
  // Histogram values carry their series name (…_bucket, …_sum, …_count) beside the labels.
  const values = (metric?.values ?? []) as { metricName?: string; value: number }[];
  return values.find((v) => v.metricName === 'scheduler_timer_fire_lag_seconds_count')?.value ?? 0;
}

export async function counter(handle: SchedulerHandle, name: string): Promise<number> {
  const metric = await handle.registry.getSingleMetric(name)?.get();
  return metric?.values[0]?.value ?? 0;
}
