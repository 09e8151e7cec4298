import type { RateLimitFeedback, RateLimitPolicy } from '@storebridge/contracts';
import type { Redis } from 'ioredis';
import { NO_WINDOW } from './fixed-window';
import { adoptWindowFeedback, bucketShape, hasFeedback, realSleep, reserveUnits, unlimitedGovernor, type GovernorOptions, type Grant, type RateLimitGovernor } from './rate-limit.governor';

/**
 * The bucket lives in one Redis hash and every change is one Lua script, so
 * any number of processes share one connection's budget atomically. Time is
 * Redis' clock (TIME), not the callers', so skew between hosts does not matter.
 * `take` spends the cost when the bucket holds it and returns {0, leased}, or
 * {the milliseconds until it will, 0} (the caller sleeps and asks again).
 * `leased`: ARGV[9] more units taken for the caller's next calls (a lease,
 * see LEASE_CALLS), granted only when the bucket keeps at least half its
 * capacity after it, else 0. ARGV[8], when given, replaces TIME (tests only).
 */
const BUCKET_SCRIPT = `
local key = KEYS[1]
local op = ARGV[1]
local now = tonumber(ARGV[8])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local cap = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
local h = redis.call('HMGET', key, 'tokens', 'ts', 'cap', 'rate')
if h[3] then cap = tonumber(h[3]) end
if h[4] then rate = tonumber(h[4]) end
local tokens = tonumber(h[1])
local ts = tonumber(h[2])
if tokens == nil then tokens = cap; ts = now end
tokens = math.min(cap, tokens + math.max(0, now - ts) * rate)
local wait = 0
local leased = 0
if op == 'take' then
  local cost = tonumber(ARGV[4])
  local need = math.min(cost, cap)
  if tokens >= need then
    tokens = tokens - cost
    local lease = tonumber(ARGV[9]) or 0
    if lease > 0 and tokens - lease >= cap / 2 then tokens = tokens - lease; leased = lease end
  else
    wait = math.max(1, math.ceil((need - tokens) / rate))
  end
else
  -- A larger bucket (a plan found larger than assumed) gains the difference; a smaller one keeps the level, up to its size.
  if ARGV[6] ~= '' then
    local resized = tonumber(ARGV[6])
    if resized > cap then tokens = tokens + resized - cap else tokens = math.min(tokens, resized) end
    cap = resized
    redis.call('HSET', key, 'cap', ARGV[6])
  end
  if ARGV[7] ~= '' then rate = tonumber(ARGV[7]); redis.call('HSET', key, 'rate', ARGV[7]) end
  if ARGV[5] ~= '' then tokens = math.min(cap, tokens + tonumber(ARGV[5])) end
  if ARGV[4] ~= '' then tokens = math.min(tokens, tonumber(ARGV[4])) end
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', key, math.max(60000, math.ceil(cap / rate) * 2))
return { wait, leased }
`;

/**
 * Fixed window: the steps of fixed-window.ts (openWindow, takeFromWindow,
 * observeWindow) over one hash. ARGV: op, now ('' = Redis' TIME), windowMs,
 * limit, quota, then for take: cost, jitterMs, pollMs; for observe:
 * available, resetInMs, the grant's window and cost ('' = not given).
 * Returns [wait ms, window] for take (the window as text: it is a float in
 * Lua), 0 for observe.
 */
const WINDOW_SCRIPT = `
local key = KEYS[1]
local op = ARGV[1]
local now = tonumber(ARGV[2])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local windowMs = tonumber(ARGV[3])
local limit = tonumber(ARGV[4])
local quota = tonumber(ARGV[5])
local h = redis.call('HMGET', key, 'start', 'end', 'prev', 'used', 'reported', 'carried', 'inflight', 'confirmed')
local start = tonumber(h[1]) or ${NO_WINDOW}
local wend = tonumber(h[2]) or ${NO_WINDOW}
local prev = tonumber(h[3]) or ${NO_WINDOW}
local used = tonumber(h[4]) or 0
local reported = tonumber(h[5]) or 0
local carried = tonumber(h[6]) or 0
local inflight = tonumber(h[7]) or 0
local confirmed = h[8] == '1'
local function open(newEnd, isConfirmed)
  prev = start; start = wend; wend = newEnd
  used = inflight; reported = 0; carried = inflight; inflight = 0
  confirmed = isConfirmed
end
local result = 0
if op == 'take' then
  local cost = tonumber(ARGV[6])
  local jitter = tonumber(ARGV[7])
  local poll = tonumber(ARGV[8])
  if now >= wend then open(now + windowMs, false) end
  local wait = 0
  if now < wend - jitter and (used + cost <= limit or used == 0) then
    used = used + cost
    inflight = inflight + cost
  else
    wait = math.max(1, math.ceil(wend - now))
    if carried > 0 then wait = math.min(wait, poll) end
  end
  result = { wait, string.format('%.17g', start) }
else
  local stale = false
  if ARGV[7] ~= '' and tonumber(ARGV[7]) >= 0 then
    local reportedEnd = now + tonumber(ARGV[7])
    if reportedEnd <= start + windowMs / 2 then
      stale = true
    elseif reportedEnd > wend + windowMs / 2 then
      open(reportedEnd, true)
    else
      if confirmed then wend = math.min(wend, reportedEnd) else wend = reportedEnd end
      confirmed = true
    end
  end
  if ARGV[8] ~= '' then
    local grantWindow = tonumber(ARGV[8])
    local grantCost = tonumber(ARGV[9])
    if grantWindow == start then
      inflight = math.max(0, inflight - grantCost)
    elseif grantWindow == prev then
      carried = math.max(0, carried - grantCost)
      if stale then used = math.max(reported, used - grantCost) end
    end
  end
  if not stale and ARGV[6] ~= '' then
    reported = math.max(reported, quota - tonumber(ARGV[6]))
    used = math.max(used, reported)
  end
end
local function num(x) return string.format('%.17g', x) end
redis.call('HSET', key, 'start', num(start), 'end', num(wend), 'prev', num(prev), 'used', num(used), 'reported', num(reported),
  'carried', num(carried), 'inflight', num(inflight), 'confirmed', confirmed and '1' or '0')
redis.call('PEXPIRE', key, math.max(windowMs * 2, math.ceil(wend - now) + windowMs))
return result
`;

type ScriptedRedis = Redis & {
  storebridgeBucket?(key: string, ...args: string[]): Promise<[number, number]>;
  storebridgeWindow?(key: string, ...args: string[]): Promise<number | [number, string]>;
};

function withScripts(redis: Redis): Required<Pick<ScriptedRedis, 'storebridgeBucket' | 'storebridgeWindow'>> {
  const r = redis as ScriptedRedis;
  // defineCommand sends EVALSHA and falls back to EVAL once per server.
  if (!r.storebridgeBucket) r.defineCommand('storebridgeBucket', { numberOfKeys: 1, lua: BUCKET_SCRIPT });
  if (!r.storebridgeWindow) r.defineCommand('storebridgeWindow', { numberOfKeys: 1, lua: WINDOW_SCRIPT });
  return r as Required<Pick<ScriptedRedis, 'storebridgeBucket' | 'storebridgeWindow'>>;
}

/**
 * A bucket holding plenty (at least half its capacity once the call and the
 * lease are taken) lends the caller this many more calls' worth of units
 * (at the cost of the call that took them): the process spends them without
 * a round trip to Redis, so a connection far from its limit (a large plan, a
 * provider answering with a large bucket) is not paced by Redis' latency.
 * The units leave the shared bucket when leased, so processes together never
 * spend more than it holds. Units not spent within LEASE_MS, or when the
 * provider reports its bucket below half, are given up (not returned): at
 * most this many calls' worth per process, and only from a bucket half full.
 * Near the limit, where every unit counts, there are no leases.
 */
const LEASE_CALLS = 4;
const LEASE_MS = 1_000;

export interface RedisGovernorOptions extends Omit<GovernorOptions, 'now'> {
  /** Key prefix; the connection key follows it. */
  prefix?: string;
  /** Injected for tests only: the clock the scripts use instead of Redis' TIME. */
  now?: () => number;
}

export function createRedisGovernor(
  redis: Redis,
  connectionKey: string,
  policy: RateLimitPolicy,
  options: RedisGovernorOptions = {},
): RateLimitGovernor {
  const headroom = options.headroom ?? 0.05;
  const jitter = options.jitterSeconds ?? 0.1;
  const shape = bucketShape(policy, headroom, jitter);
  const sleep = options.sleep ?? realSleep;
  const clock = () => (options.now ? String(options.now()) : '');
  const key = `${options.prefix ?? 'storebridge:rate'}:${connectionKey}`;
  const r = withScripts(redis);

  if (shape.kind === 'none') return unlimitedGovernor;

  if (shape.kind === 'window') {
    const windowKey = `${key}:window`;
    const limits = { ...shape };
    const common = () => [clock(), String(limits.windowMs), String(limits.limit), String(limits.quota)];
    return {
      async acquire(cost = 1) {
        for (;;) {
          const [wait, window] = (await r.storebridgeWindow(windowKey, 'take', ...common(), String(cost), String(limits.jitterMs), String(limits.pollMs))) as [number, string];
          if (Number(wait) <= 0) return { cost, window: Number(window) };
          await sleep(Number(wait));
        }
      },
      async observe(feedback: RateLimitFeedback, grant?: Grant) {
        adoptWindowFeedback(limits, feedback, headroom, jitter);
        const settles = grant?.window !== undefined;
        if (!settles && feedback.available === undefined && feedback.resetInMs === undefined) return;
        const opt = (v: number | undefined) => (v !== undefined ? String(v) : '');
        await r.storebridgeWindow(windowKey, 'observe', ...common(), opt(feedback.available), opt(feedback.resetInMs), settles ? String(grant?.window) : '', opt(grant?.cost));
      },
    };
  }

  const cap = () => String(shape.capacity);
  const rate = () => String(shape.perMs);
  let fullCapacity = policy.kind === 'token-bucket' ? policy.capacity : policy.kind === 'cost-points' ? policy.maxAvailable : shape.capacity;
  let refill = shape.perMs * 1000;
  const localNow = options.now ?? (() => performance.now());
  /** Units this process took ahead from a bucket at least half full (see LEASE_CALLS), and until when it may spend them. */
  const lease = { units: 0, until: 0 };
  return {
    async acquire(cost = 1) {
      if (lease.units >= cost && localNow() < lease.until) {
        lease.units -= cost;
        return { cost };
      }
      for (;;) {
        const [wait, leased] = (await r.storebridgeBucket(key, 'take', cap(), rate(), String(cost), '', '', '', clock(), String(cost * LEASE_CALLS))).map(Number);
        if (wait <= 0) {
          // Added to what is left of an unexpired lease (too little for this call, or another call's lease taken meanwhile).
          const t = localNow();
          lease.units = (t < lease.until ? lease.units : 0) + leased;
          if (leased > 0) lease.until = t + LEASE_MS;
          return { cost };
        }
        await sleep(wait);
      }
    },
    async observe(feedback: RateLimitFeedback) {
      // A call that only settles its grant changes nothing in a bucket: no round trip.
      if (!hasFeedback(feedback)) return;
      const capChanged = feedback.capacity !== undefined && feedback.capacity > 0 && feedback.capacity !== fullCapacity;
      const rateChanged = feedback.refillPerSecond !== undefined && feedback.refillPerSecond > 0 && feedback.refillPerSecond !== refill;
      if (capChanged) fullCapacity = feedback.capacity as number;
      if (rateChanged) refill = feedback.refillPerSecond as number;
      // The provider's bucket (of the size it reports now) is below half: calls go one by one again (what this process leased is spent, as if used).
      if (feedback.available !== undefined && feedback.available < fullCapacity / 2) lease.units = 0;
      const reserve = reserveUnits(fullCapacity, refill, headroom, jitter);
      const available = feedback.available !== undefined ? String(feedback.available - reserve) : '';
      const refund = feedback.refund !== undefined && feedback.refund > 0 ? String(feedback.refund) : '';
      const newCap = capChanged || rateChanged ? String(fullCapacity - reserve) : '';
      const newRate = rateChanged ? String(refill / 1000) : '';
      await r.storebridgeBucket(key, 'observe', cap(), rate(), available, refund, newCap, newRate, clock());
    },
  };
}
