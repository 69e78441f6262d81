/**
 * The Lua scripts behind the caps. Each runs atomically inside Redis, so concurrent reservations
 * for one customer (from any number of workers and journeys) are serialised: check-then-record
 * cannot interleave.
 *
 * An allowed send is remembered by its entry in the sorted sets (member = send key), which live
 * as long as any window can look back. A capped send is remembered by a decision memo (string,
 * one per send key): `<S|D>|<channel>|<retryAt>|<ruleIndex>|<ruleChannel>|<limit>|<window>`.
 * The script answers in the same format, with `A|<channel>|<at>` for an allowed send.
 */

/**
 * KEYS: decision, channel sends (ZSET), all sends (ZSET).
 * ARGV: now, sendKey, channel, retentionMs, ruleCount, then per applicable rule:
 *   ruleChannel ('*' or the channel), windowMs, limit, onCapped, ruleIndex, window (ISO text).
 * Returns { memo, replayed (0|1) }.
 */
export const RESERVE_LUA = `
local now = tonumber(ARGV[1])
local sendKey = ARGV[2]
local channel = ARGV[3]
local retention = tonumber(ARGV[4])
local ruleCount = tonumber(ARGV[5])
local function int(n) return string.format('%.0f', n) end

local prior = redis.call('GET', KEYS[1])
if prior then
  local kind, priorChannel, third = string.match(prior, '^(%a)|([^|]+)|([^|]+)')
  if priorChannel ~= channel then
    return redis.error_reply('ERR send key ' .. sendKey .. ' was reserved for channel ' .. priorChannel ..
      ', not ' .. channel .. ': a send key belongs to one send')
  end
  -- a skip is final; a delay holds until its retryAt, then the send asks again
  if kind == 'S' or (kind == 'D' and now < tonumber(third)) then
    return { prior, 1 }
  end
end

-- counted already: the same answer, and never count a send key twice
local counted = redis.call('ZSCORE', KEYS[2], sendKey)
if counted then
  return { 'A|' .. channel .. '|' .. int(tonumber(counted)), 1 }
end

local cappedAt, cappedKind, cappedRetry = nil, nil, nil
for i = 0, ruleCount - 1 do
  local b = 6 + i * 6
  local key = KEYS[2]
  if ARGV[b] == '*' then key = KEYS[3] end
  local window = tonumber(ARGV[b + 1])
  local limit = tonumber(ARGV[b + 2])
  local since = '(' .. int(now - window)
  local count = redis.call('ZCOUNT', key, since, '+inf')
  if count >= limit then
    -- the send fits once (count - limit + 1) of the counted sends have left the window
    local entry = redis.call('ZRANGEBYSCORE', key, since, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
    local retryAt = tonumber(entry[2]) + window
    local kind = 'D'
    if ARGV[b + 3] == 'skip' then kind = 'S' end
    -- a skip rule wins over delay rules (waiting would not help it); among delays the latest retryAt
    if cappedAt == nil or (kind == 'S' and cappedKind == 'D') or
       (kind == 'D' and cappedKind == 'D' and retryAt > cappedRetry) then
      cappedAt, cappedKind, cappedRetry = b, kind, retryAt
    end
  end
end

if cappedAt then
  local memo = cappedKind .. '|' .. channel .. '|' .. int(cappedRetry) .. '|' .. ARGV[cappedAt + 4] .. '|' ..
    ARGV[cappedAt] .. '|' .. ARGV[cappedAt + 2] .. '|' .. ARGV[cappedAt + 5]
  redis.call('SET', KEYS[1], memo, 'PX', retention)
  return { memo, 0 }
end

redis.call('ZADD', KEYS[2], now, sendKey)
redis.call('ZADD', KEYS[3], now, channel .. ':' .. sendKey)
local horizon = int(now - retention)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', horizon)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', horizon)
redis.call('PEXPIRE', KEYS[2], retention)
redis.call('PEXPIRE', KEYS[3], retention)
if prior then redis.call('DEL', KEYS[1]) end -- a delayed send that now fits
return { 'A|' .. channel .. '|' .. int(now), 0 }
`;

/**
 * KEYS: channel sends, all sends. ARGV: sendKey, channel.
 * Uncounts an allowed send (a capped one was never counted: its decision stays).
 * Returns 1 when a counted send was removed.
 */
export const RELEASE_LUA = `
redis.call('ZREM', KEYS[2], ARGV[2] .. ':' .. ARGV[1])
return redis.call('ZREM', KEYS[1], ARGV[1])
`;
