// Redis state for many gateway nodes. All counters one call consumes are checked and applied by one
// Lua script (one round trip, atomic across nodes). Enforcement flags live in one hash; each node
// mirrors it in memory, refreshed on a pub/sub message and by a resync every 500 ms, so a missed
// message cannot leave a node stale for more than half a second.

import { Redis } from 'ioredis';
import { retryAfterMs, slidingUsed } from './lib/window.ts';
import type { ConsumeResult, CounterOp, Flag, FlagKind, OpState, State } from './types.ts';

// Returns {failed, then per op: current, prev, elapsed, soonestLeaseMs}. Numbers stay integers.
const CONSUME = `
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local out = {0}
local failed = 0
for i = 1, n do
  local a = 2 + (i - 1) * 4
  local typ, key, limit, w, x = ARGV[a + 1], KEYS[i], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), ARGV[a + 4]
  if typ == 'lease' then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
    local c = redis.call('ZCARD', key)
    local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    local soonest = w
    if first[2] then soonest = tonumber(first[2]) - now end
    table.insert(out, c); table.insert(out, 0); table.insert(out, 0); table.insert(out, soonest)
    if c + 1 > limit and failed == 0 then failed = i end
  else
    local start = now - (now % w)
    local cur = tonumber(redis.call('GET', key .. ':' .. start) or '0')
    local prev = 0
    if typ == 'window' then prev = tonumber(redis.call('GET', key .. ':' .. (start - w)) or '0') end
    local elapsed = now - start
    table.insert(out, cur); table.insert(out, prev); table.insert(out, elapsed); table.insert(out, 0)
    if prev * (1 - elapsed / w) + cur + tonumber(x) > limit and failed == 0 then failed = i end
  end
end
out[1] = failed
if failed == 0 then
  for i = 1, n do
    local a = 2 + (i - 1) * 4
    local typ, key, w, x = ARGV[a + 1], KEYS[i], tonumber(ARGV[a + 3]), ARGV[a + 4]
    if typ == 'lease' then
      redis.call('ZADD', key, now + w, x)
      redis.call('PEXPIRE', key, w)
    else
      local k = key .. ':' .. (now - (now % w))
      redis.call('INCRBY', k, tonumber(x))
      redis.call('PEXPIRE', k, 2 * w)
    end
  end
end
return out
`;

const ADD = `
local now = tonumber(ARGV[1])
for i = 1, #KEYS do
  local w, cost = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local k = KEYS[i] .. ':' .. (now - (now % w))
  redis.call('INCRBY', k, cost)
  redis.call('PEXPIRE', k, 2 * w)
end
return 1
`;

export async function createRedisState(url: string, prefix = 'parapet:'): Promise<State> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
  const sub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  await sub.connect();
  redis.defineCommand('parapetConsume', { lua: CONSUME });
  redis.defineCommand('parapetAdd', { lua: ADD });
  const call = redis as unknown as {
    parapetConsume(n: number, ...args: (string | number)[]): Promise<number[]>;
    parapetAdd(n: number, ...args: (string | number)[]): Promise<number>;
  };

  const flagsKey = `${prefix}flags`;
  const channel = `${prefix}flags`;
  let mirror = new Map<string, Flag>();
  const fkey = (kind: FlagKind, id: string) => `${kind}\u0000${id}`;
  const resync = async () => {
    const all = await redis.hgetall(flagsKey);
    const next = new Map<string, Flag>();
    for (const [k, v] of Object.entries(all)) {
      try {
        next.set(k, JSON.parse(v) as Flag);
      } catch {
        // a malformed entry is ignored rather than taking the mirror down
      }
    }
    mirror = next;
  };
  await resync();
  await sub.subscribe(channel);
  sub.on('message', () => void resync().catch(() => {}));
  const timer = setInterval(() => void resync().catch(() => {}), 500);
  timer.unref();

  return {
    kind: 'redis',
    flags: {
      async set(kind, id, { ttlSeconds, reason }) {
        const now = Date.now();
        const flag: Flag = {
          kind,
          id,
          reason,
          setAt: now,
          ...(ttlSeconds ? { expiresAt: now + ttlSeconds * 1000 } : {}),
        };
        await redis.hset(flagsKey, fkey(kind, id), JSON.stringify(flag));
        mirror.set(fkey(kind, id), flag);
        await redis.publish(channel, 'set');
      },
      async clear(kind, id) {
        await redis.hdel(flagsKey, fkey(kind, id));
        mirror.delete(fkey(kind, id));
        await redis.publish(channel, 'clear');
      },
      async list() {
        await resync();
        const now = Date.now();
        return [...mirror.values()].filter((f) => !f.expiresAt || f.expiresAt > now);
      },
      get(kind, id) {
        const f = mirror.get(fkey(kind, id));
        return f && (!f.expiresAt || f.expiresAt > Date.now()) ? f : undefined;
      },
      check(kind, id) {
        if (mirror.size === 0) return false;
        const f = mirror.get(fkey(kind, id));
        return f !== undefined && (!f.expiresAt || f.expiresAt > Date.now());
      },
    },
    counters: {
      async consume(ops: readonly CounterOp[], now = Date.now()): Promise<ConsumeResult> {
        if (ops.length === 0) return { ok: true, states: [] };
        const keys = ops.map((o) => prefix + o.key);
        const args: (string | number)[] = [Math.floor(now), ops.length];
        for (const o of ops) {
          if (o.type === 'lease') args.push('lease', o.limit, o.ttlMs, o.leaseId);
          else args.push(o.type, o.limit, o.windowMs, o.cost);
        }
        const out = await call.parapetConsume(keys.length, ...keys, ...args);
        const failedAt = out[0]! - 1;
        const states: OpState[] = [];
        let retry = 0;
        ops.forEach((o, i) => {
          const [cur, prev, elapsed, soonest] = out.slice(1 + i * 4, 5 + i * 4) as [
            number,
            number,
            number,
            number,
          ];
          const applied = failedAt < 0;
          if (o.type === 'lease') {
            states.push({
              remaining: Math.max(0, o.limit - cur - (applied ? 1 : 0)),
              resetMs: applied ? 0 : soonest,
            });
            if (i === failedAt) retry = Math.max(1000, soonest);
            return;
          }
          const sliding = o.type === 'window';
          const used = sliding ? slidingUsed(prev, cur, elapsed, o.windowMs) : cur;
          states.push({
            remaining: Math.max(0, Math.floor(o.limit - used - (applied ? o.cost : 0))),
            resetMs: o.windowMs - elapsed,
          });
          if (i === failedAt) retry = retryAfterMs(sliding, prev, cur, elapsed, o.windowMs, o.cost, o.limit);
        });
        return failedAt < 0
          ? { ok: true, states }
          : { ok: false, failed: failedAt, retryAfterMs: retry, states };
      },
      async add(ops, now = Date.now()) {
        if (ops.length === 0) return;
        const args: (string | number)[] = [Math.floor(now)];
        for (const o of ops) args.push(o.windowMs, o.cost);
        await call.parapetAdd(ops.length, ...ops.map((o) => prefix + o.key), ...args);
      },
      async release(leases) {
        if (leases.length === 0) return;
        const p = redis.pipeline();
        for (const l of leases) p.zrem(prefix + l.key, l.leaseId);
        await p.exec();
      },
    },
    async close() {
      clearInterval(timer);
      sub.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
