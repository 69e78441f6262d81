import { randomUUID } from 'node:crypto';
import type { Redis } from '@kalcifer/platform';
import type { Claim, DueTimer, TimerIndex } from '../ports/timer-index';
import type { PendingTimer, TimerRef } from '../ports/timer-store';
import {
  addLoadedScript,
  applyScript,
  claimScript,
  finishLoadScript,
  forgetScript,
  restoreScript,
} from './redis-timer-scripts';

const FORGET_CHUNK = 10_000;

/**
 * The index in Redis. A member carries what a fire needs besides its due time (the score):
 * `["<workspaceId>","<instanceId>","<timerId>"]`, and the `trace` hash the trace its fire
 * continues, so the poller publishes without reading MongoDB.
 */
export class RedisTimerIndex implements TimerIndex {
  private readonly keys: {
    due: string;
    rev: string;
    touched: string;
    loaded: string;
    loading: string;
    trace: string;
  };

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = {
      due: `${prefix}:due`,
      rev: `${prefix}:rev`,
      touched: `${prefix}:touched`,
      loaded: `${prefix}:loaded`,
      loading: `${prefix}:loading`,
      trace: `${prefix}:trace`,
    };
  }

  async apply(
    change: 'add' | 'remove',
    timer: TimerRef & { dueAt: number; traceparent?: string },
    rev: number,
  ): Promise<boolean> {
    const { due, rev: revKey, touched, trace } = this.keys;
    const applied = await applyScript.run(
      this.redis,
      [due, revKey, touched, trace],
      [encodeMember(timer), rev, Date.now(), change, timer.dueAt, timer.traceparent ?? ''],
    );
    return applied === 1;
  }

  async claimDue(now: number, limit: number): Promise<Claim> {
    const [intact, items, traces] = (await claimScript.run(
      this.redis,
      [this.keys.due, this.keys.loaded, this.keys.trace],
      [now, limit],
    )) as [number, string[], string[]];
    const due: DueTimer[] = [];
    for (let i = 0; i < items.length; i += 2) {
      const traceparent = traces[i / 2];
      due.push({
        ...decodeMember(items[i]),
        dueAt: Number(items[i + 1]),
        ...(traceparent && { traceparent }),
      });
    }
    return { due, intact: intact === 1 };
  }

  async restore(timers: DueTimer[], claimedAt: number): Promise<number> {
    if (timers.length === 0) return 0;
    const args: (string | number)[] = [claimedAt];
    for (const t of timers) args.push(encodeMember(t), t.dueAt, t.traceparent ?? '');
    return (await restoreScript.run(
      this.redis,
      [this.keys.due, this.keys.touched, this.keys.trace],
      args,
    )) as number;
  }

  async beginLoad(leaseMs: number): Promise<string | null> {
    const token = randomUUID();
    const set = await this.redis.set(this.keys.loading, token, 'PX', leaseMs, 'NX');
    return set === 'OK' ? token : null;
  }

  async addLoaded(
    token: string,
    timers: PendingTimer[],
    leaseMs: number,
  ): Promise<{ added: number; leaseHeld: boolean }> {
    const args: (string | number)[] = [token, leaseMs];
    for (const t of timers) args.push(encodeMember(t), t.dueAt, t.rev, t.traceparent ?? '');
    const [added, held] = (await addLoadedScript.run(
      this.redis,
      [this.keys.due, this.keys.rev, this.keys.loading, this.keys.trace],
      args,
    )) as [number, number];
    return { added, leaseHeld: held === 1 };
  }

  async finishLoad(token: string, forgetBefore: number): Promise<boolean> {
    const complete = await finishLoadScript.run(
      this.redis,
      [this.keys.loading, this.keys.loaded],
      [token, Date.now()],
    );
    // In chunks, so that Redis is never blocked for long.
    for (;;) {
      const forgotten = (await forgetScript.run(
        this.redis,
        [this.keys.rev, this.keys.touched],
        [forgetBefore, FORGET_CHUNK],
      )) as number;
      if (forgotten < FORGET_CHUNK) break;
    }
    return complete === 1;
  }

  async size(): Promise<number> {
    return this.redis.zcard(this.keys.due);
  }

  async ping(): Promise<boolean> {
    return (await this.redis.ping()) === 'PONG';
  }
}

export function encodeMember(ref: TimerRef): string {
  return JSON.stringify([ref.workspaceId, ref.instanceId, ref.timerId]);
}

export function decodeMember(member: string): TimerRef {
  const [workspaceId, instanceId, timerId] = JSON.parse(member) as [string, string, string];
  return { workspaceId, instanceId, timerId };
}
