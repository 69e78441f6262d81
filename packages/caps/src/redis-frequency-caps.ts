/**
 * Frequency caps in Redis: sliding windows over one sorted set per customer and channel (member =
 * send key, score = send time) plus one across all channels, checked and recorded by one Lua
 * script (see cap-scripts.ts and docs/frequency-caps.md).
 */
import type { Redis } from '@kalcifer/platform';
import { parseDuration } from '@kalcifer/journey';
import {
  compileCapRules,
  isCapChannel,
  MAX_CAP_WINDOW_MS,
  type CapChannel,
  type CapRule,
  type CapRuleChannel,
  type OnCapped,
} from './cap-policy';
import { CapKeys, checkId, DEFAULT_CAP_KEY_PREFIX } from './cap-keys';
import { RELEASE_LUA, RESERVE_LUA } from './cap-scripts';
import type { CapDecision, FrequencyCaps, RecentSend } from './frequency-caps';

export interface RedisFrequencyCapsOptions {
  /** Key prefix (default `kalcifer:caps`); tests use their own. */
  keyPrefix?: string;
  /**
   * How long sends stay counted at least (ISO duration, default P30D), so that `frequency_cap`
   * nodes and `recentSends` can look back further than the policy's longest window. The
   * effective retention of a reservation is the longer of this and its longest rule window.
   */
  minRetention?: string;
}

type ScriptArg = string | number;
interface CapCommands {
  kalciferCapReserve(k1: string, k2: string, k3: string, ...args: ScriptArg[]): Promise<[string, number]>;
  kalciferCapRelease(k1: string, k2: string, ...args: ScriptArg[]): Promise<number>;
}

const DEFAULT_MIN_RETENTION = 'P30D';
const DEFAULT_RECENT_LIMIT = 1000;

function checkTime(what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${what} must be epoch milliseconds (a non-negative integer), got ${String(value)}`);
  }
  return value;
}

function checkSendChannel(channel: unknown): CapChannel {
  if (!isCapChannel(channel)) {
    throw new TypeError(
      `channel must be one of email, sms, push, whatsapp, webhook; got ${JSON.stringify(channel)}`,
    );
  }
  return channel;
}

/** Installs the scripts on the connection once (ioredis runs them by EVALSHA, reloading on NOSCRIPT). */
function withCapCommands(redis: Redis): Redis & CapCommands {
  const target = redis as Redis & Partial<CapCommands>;
  if (typeof target.kalciferCapReserve !== 'function') {
    redis.defineCommand('kalciferCapReserve', { numberOfKeys: 3, lua: RESERVE_LUA });
  }
  if (typeof target.kalciferCapRelease !== 'function') {
    redis.defineCommand('kalciferCapRelease', { numberOfKeys: 2, lua: RELEASE_LUA });
  }
  return redis as Redis & CapCommands;
}

export class RedisFrequencyCaps implements FrequencyCaps {
  private readonly redis: Redis & CapCommands;
  private readonly keys: CapKeys;
  private readonly minRetentionMs: number;

  constructor(redis: Redis, options: RedisFrequencyCapsOptions = {}) {
    this.redis = withCapCommands(redis);
    this.keys = new CapKeys(options.keyPrefix ?? DEFAULT_CAP_KEY_PREFIX);
    this.minRetentionMs = parseDuration(options.minRetention ?? DEFAULT_MIN_RETENTION);
    if (this.minRetentionMs > MAX_CAP_WINDOW_MS) throw new TypeError('minRetention must be at most P366D');
  }

  async reserve(
    workspaceId: string,
    customerId: string,
    channel: CapChannel,
    sendKey: string,
    now: number,
    rules: readonly CapRule[],
  ): Promise<CapDecision> {
    checkSendChannel(channel);
    checkId('sendKey', sendKey);
    checkTime('now', now);
    const applicable = compileCapRules(rules).filter(
      (rule) => rule.channel === channel || rule.channel === '*',
    );
    const retentionMs = Math.max(this.minRetentionMs, ...applicable.map((rule) => rule.windowMs));
    const ruleArgs = applicable.flatMap((rule) => [
      rule.channel,
      rule.windowMs,
      rule.limit,
      rule.onCapped,
      rule.index,
      rule.window,
    ]);
    const [memo, replayed] = await this.redis.kalciferCapReserve(
      this.keys.decision(workspaceId, customerId, sendKey),
      this.keys.channelSends(workspaceId, customerId, channel),
      this.keys.allSends(workspaceId, customerId),
      now,
      sendKey,
      channel,
      retentionMs,
      applicable.length,
      ...ruleArgs,
    );
    return decodeDecision(memo, replayed === 1);
  }

  async release(
    workspaceId: string,
    customerId: string,
    channel: CapChannel,
    sendKey: string,
  ): Promise<boolean> {
    checkSendChannel(channel);
    checkId('sendKey', sendKey);
    const removed = await this.redis.kalciferCapRelease(
      this.keys.channelSends(workspaceId, customerId, channel),
      this.keys.allSends(workspaceId, customerId),
      sendKey,
      channel,
    );
    return removed === 1;
  }

  async countRecent(
    workspaceId: string,
    customerId: string,
    channel: CapRuleChannel,
    windowMs: number,
    now: number,
  ): Promise<number> {
    if (channel !== '*') checkSendChannel(channel);
    checkTime('now', now);
    if (typeof windowMs !== 'number' || !Number.isSafeInteger(windowMs) || windowMs <= 0) {
      throw new TypeError(
        `windowMs must be a positive whole number of milliseconds, got ${String(windowMs)}`,
      );
    }
    const key =
      channel === '*'
        ? this.keys.allSends(workspaceId, customerId)
        : this.keys.channelSends(workspaceId, customerId, channel);
    // Same boundary as the reservation: a send exactly windowMs old has left the window.
    return this.redis.zcount(key, `(${now - windowMs}`, '+inf');
  }

  async recentSends(
    workspaceId: string,
    customerId: string,
    sinceMs: number,
    limit: number = DEFAULT_RECENT_LIMIT,
  ): Promise<RecentSend[]> {
    checkTime('sinceMs', sinceMs);
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new TypeError(`limit must be a positive integer, got ${limit}`);
    const flat = await this.redis.zrevrangebyscore(
      this.keys.allSends(workspaceId, customerId),
      '+inf',
      sinceMs,
      'WITHSCORES',
      'LIMIT',
      0,
      limit,
    );
    const sends: RecentSend[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const channel = flat[i].slice(0, flat[i].indexOf(':'));
      if (isCapChannel(channel)) sends.push({ channel, at: Number(flat[i + 1]) });
    }
    return sends;
  }
}

/** Reads the decision memo written by the reserve script (format in cap-scripts.ts). */
function decodeDecision(memo: string, replayed: boolean): CapDecision {
  const [kind, , retryAt, ruleIndex, ruleChannel, limit, window] = memo.split('|');
  if (kind === 'A') return { allowed: true, replayed };
  const onCapped: OnCapped = kind === 'S' ? 'skip' : 'delay';
  return {
    allowed: false,
    rule: { channel: ruleChannel as CapRuleChannel, limit: Number(limit), window, onCapped },
    ruleIndex: Number(ruleIndex),
    retryAt: Number(retryAt),
    replayed,
  };
}
