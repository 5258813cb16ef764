// In-process vault for a single gateway node: a Map with expiry times, swept as it is written, and a
// cap on the number of requests held so a flood cannot grow it without bound.

import { keyString, type Vault } from './types.ts';

interface Entry {
  expires: number;
  pairs: Map<string, string>;
}

/** An in-memory vault holding at most `maxKeys` requests (the oldest are evicted first). */
export function createMemoryVault(opts: { maxKeys?: number } = {}): Vault {
  const maxKeys = opts.maxKeys ?? 100_000;
  const entries = new Map<string, Entry>();
  let writes = 0;
  const sweep = (now: number) => {
    for (const [k, e] of entries) if (e.expires <= now) entries.delete(k);
  };
  return {
    async put(key, pairs, ttlMs) {
      const now = Date.now();
      if (++writes % 1024 === 0) sweep(now);
      const k = keyString(key);
      const e = entries.get(k);
      const live = e && e.expires > now ? e.pairs : new Map<string, string>();
      for (const [t, v] of pairs) live.set(t, v);
      entries.delete(k); // re-insert so Map order is last-written order
      entries.set(k, { expires: now + ttlMs, pairs: live });
      while (entries.size > maxKeys) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    async get(key) {
      const e = entries.get(keyString(key));
      if (!e) return new Map();
      if (e.expires <= Date.now()) {
        entries.delete(keyString(key));
        return new Map();
      }
      return new Map(e.pairs);
    },
    async drop(key) {
      entries.delete(keyString(key));
    },
    async close() {
      entries.clear();
    },
  };
}
