import { createHash } from 'node:crypto';
import type { Redis } from '@kalcifer/platform';

/**
 * Lua scripts of the timer index. Each runs atomically in Redis, which is what makes a claim
 * exclusive between scheduler replicas and a revision check race-free.
 *
 * Keys: `due` (sorted set: member -> dueAt ms), `rev` (member -> last applied store revision),
 * `touched` (member -> when that revision was applied, to forget old revisions), `loaded` (sentinel:
 * the index is complete), `loading` (the loader's lease), `trace` (hash: member -> the W3C
 * traceparent its fire continues; beside the member, not in it, so that a re-arm from another
 * trace is still the same member). A traceparent argument of '' means none.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(
    private readonly source: string,
    private readonly keyCount: number,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    if (keys.length !== this.keyCount) throw new Error(`script expects ${this.keyCount} keys`);
    try {
      return await redis.evalsha(this.sha, this.keyCount, ...keys, ...args);
    } catch (err) {
      // A restarted Redis has forgotten its script cache.
      if (!String((err as Error).message).includes('NOSCRIPT')) throw err;
      return redis.eval(this.source, this.keyCount, ...keys, ...args);
    }
  }
}

/** KEYS due, rev, touched, trace. ARGV member, rev, now, 'add'|'remove', dueAt, traceparent. */
export const applyScript = new LuaScript(
  `
local current = redis.call('ZSCORE', KEYS[2], ARGV[1])
if current and tonumber(current) > tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
if ARGV[4] == 'add' then
  redis.call('ZADD', KEYS[1], ARGV[5], ARGV[1])
  if ARGV[6] ~= '' then redis.call('HSET', KEYS[4], ARGV[1], ARGV[6]) end
else
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[4], ARGV[1])
end
return 1
`,
  4,
);

/**
 * KEYS due, loaded, trace. ARGV now, limit. Returns {intact, {member, score, ...}, {traceparent,
 * ...}}: the earliest due members, removed in the same step so that no other poller gets them,
 * with their traceparents ('' for none), which leave the index with them.
 */
export const claimScript = new LuaScript(
  `
local items = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
local traces = {}
if #items > 0 then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, #items / 2 - 1)
  for i = 1, #items, 2 do
    traces[#traces + 1] = redis.call('HGET', KEYS[3], items[i]) or ''
    redis.call('HDEL', KEYS[3], items[i])
  end
end
return {redis.call('EXISTS', KEYS[2]), items, traces}
`,
  3,
);

/**
 * KEYS due, touched, trace. ARGV claimedAt, then member, dueAt, traceparent triples. Skips members
 * changed since the claim.
 */
export const restoreScript = new LuaScript(
  `
local restored = 0
for i = 2, #ARGV, 3 do
  local touched = redis.call('ZSCORE', KEYS[2], ARGV[i])
  if not touched or tonumber(touched) < tonumber(ARGV[1]) then
    redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i])
    if ARGV[i + 2] ~= '' then redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 2]) end
    restored = restored + 1
  end
end
return restored
`,
  3,
);

/**
 * KEYS due, rev, loading, trace. ARGV token, leaseMs, then member, dueAt, rev, traceparent
 * quadruples. Returns {added, leaseHeld}. A member whose applied revision is newer than the one
 * read is left alone.
 */
export const addLoadedScript = new LuaScript(
  `
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return {0, 0} end
redis.call('PEXPIRE', KEYS[3], ARGV[2])
local added = 0
for i = 3, #ARGV, 4 do
  local current = redis.call('ZSCORE', KEYS[2], ARGV[i])
  if not current or tonumber(current) <= tonumber(ARGV[i + 2]) then
    redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i])
    if ARGV[i + 3] ~= '' then redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 3]) end
    added = added + 1
  end
end
return {added, 1}
`,
  4,
);

/** KEYS loading, loaded. ARGV token, now. Sets the sentinel only if our lease survived the load. */
export const finishLoadScript = new LuaScript(
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('DEL', KEYS[1])
return 1
`,
  2,
);

/** KEYS rev, touched. ARGV before, limit. Forgets revisions applied before `before`; returns how many. */
export const forgetScript = new LuaScript(
  `
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(old) do
  redis.call('ZREM', KEYS[1], member)
  redis.call('ZREM', KEYS[2], member)
end
return #old
`,
  2,
);
