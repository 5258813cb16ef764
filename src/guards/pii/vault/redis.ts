// Redis vault for many gateway nodes: one hash per request key with a TTL, so any node can restore
// an answer and nothing outlives the TTL.

import { Redis } from 'ioredis';
import { keyString, type Vault } from './types.ts';

/** Connects to Redis at `url`; keys are `<prefix><tenant>:<identity>:<request>`. Rejects if unreachable. */
export async function createRedisVault(url: string, prefix = 'parapet:pii:'): Promise<Vault> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: false,
    connectTimeout: 2000,
  });
  // Failures surface as rejected commands, which fail the guard closed; no unhandled 'error' events.
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`the pseudonym vault cannot reach Redis: ${(err as Error).message}`, { cause: err });
  }
  return {
    async put(key, pairs, ttlMs) {
      if (pairs.size === 0) return;
      const k = prefix + keyString(key);
      await redis
        .multi()
        .hset(k, Object.fromEntries(pairs))
        .pexpire(k, Math.max(1, Math.round(ttlMs)))
        .exec();
    },
    async get(key) {
      return new Map(Object.entries(await redis.hgetall(prefix + keyString(key))));
    },
    async drop(key) {
      await redis.del(prefix + keyString(key));
    },
    async close() {
      await redis.quit();
    },
  };
}
