import { performance } from 'node:perf_hooks';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Redis } from 'ioredis';
import type { mongo } from 'mongoose';

/**
 * Latency of every MongoDB and Redis command this process sends, by command name only (`find`,
 * `update`, `evalsha`...: a bounded set, never a collection or a key). The metrics live in no
 * registry of their own: each health server (and the gateway's registry) adds them, so they show
 * on every service's /metrics with its `service` label.
 */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const mongoSeconds = new Histogram({
  name: 'kalcifer_mongodb_command_duration_seconds',
  help: 'MongoDB command round trips (driver command monitoring), by command name',
  labelNames: ['command'] as const,
  buckets: BUCKETS,
  registers: [],
});
const mongoFailures = new Counter({
  name: 'kalcifer_mongodb_command_failures_total',
  help: 'MongoDB commands that failed (server error or connection fault), by command name',
  labelNames: ['command'] as const,
  registers: [],
});
const redisSeconds = new Histogram({
  name: 'kalcifer_redis_command_duration_seconds',
  help: 'Redis command round trips (sent to answered), by command name',
  labelNames: ['command'] as const,
  buckets: BUCKETS,
  registers: [],
});
const redisFailures = new Counter({
  name: 'kalcifer_redis_command_failures_total',
  help: 'Redis commands that failed (error reply, timeout or connection fault), by command name',
  labelNames: ['command'] as const,
  registers: [],
});

/** Adds the command latency metrics to `registry` (once per registry). */
export function registerCommandLatencyMetrics(registry: Registry): void {
  const metrics = {
    kalcifer_mongodb_command_duration_seconds: mongoSeconds,
    kalcifer_mongodb_command_failures_total: mongoFailures,
    kalcifer_redis_command_duration_seconds: redisSeconds,
    kalcifer_redis_command_failures_total: redisFailures,
  };
  for (const [name, metric] of Object.entries(metrics))
    if (!registry.getSingleMetric(name)) registry.registerMetric(metric);
}

/** A command started but never answered (e.g. its connection vanished) is forgotten beyond this. */
const MAX_OPEN_COMMANDS = 10_000;

/**
 * Times every command of a client started with `monitorCommands: true`. The driver's own
 * `duration` is whole milliseconds, too coarse here (most commands take less than 2 ms), so the
 * start is taken from `commandStarted` (request ids are unique in the process).
 */
export function monitorMongoCommands(client: mongo.MongoClient): void {
  const started = new Map<number, number>();
  const settle = (e: { requestId: number; commandName: string }, failed: boolean) => {
    const at = started.get(e.requestId);
    if (at === undefined) return;
    started.delete(e.requestId);
    mongoSeconds.observe({ command: e.commandName }, (performance.now() - at) / 1_000);
    if (failed) mongoFailures.inc({ command: e.commandName });
  };
  client.on('commandStarted', (e) => {
    if (started.size >= MAX_OPEN_COMMANDS) started.clear();
    started.set(e.requestId, performance.now());
  });
  client.on('commandSucceeded', (e) => settle(e, false));
  client.on('commandFailed', (e) => settle(e, true));
}

interface RedisCommand {
  name: string;
  promise: Promise<unknown>;
}

/** Commands already being timed: ioredis may pass one through sendCommand again (offline queue). */
const timed = new WeakSet<RedisCommand>();

/**
 * Times every command of an ioredis client, from the moment it is handed to the connection
 * (auto-pipelined ones too: the pipeline hands each of its commands to `sendCommand`) until its
 * answer. ioredis has no command events, so its `sendCommand` is wrapped on this one client.
 */
export function monitorRedisCommands(redis: Redis): void {
  const client = redis as unknown as { sendCommand: (command: RedisCommand, ...rest: unknown[]) => unknown };
  const send = client.sendCommand;
  client.sendCommand = function (this: unknown, command: RedisCommand, ...rest: unknown[]) {
    if (!timed.has(command)) {
      timed.add(command);
      const at = performance.now();
      const done = (failed: boolean) => {
        redisSeconds.observe({ command: command.name }, (performance.now() - at) / 1_000);
        if (failed) redisFailures.inc({ command: command.name });
      };
      command.promise.then(
        () => done(false),
        () => done(true),
      );
    }
    return send.call(this, command, ...rest);
  };
}
