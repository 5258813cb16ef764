// In-process state for a single gateway node: plain maps, expired entries swept lazily.

import { retryAfterMs as computeRetry, slidingUsed } from './lib/window.ts';
import type { ConsumeResult, CounterOp, Flag, FlagKind, OpState, State } from './types.ts';

interface Window {
  start: number;
  count: number;
  prev: number;
}

export function createMemoryState(): State {
  const flags = new Map<string, Flag>();
  const windows = new Map<string, Window>();
  const leases = new Map<string, Map<string, number>>();
  let sweeps = 0;

  const fkey = (kind: FlagKind, id: string) => `${kind}\u0000${id}`;

  const windowOf = (key: string, windowMs: number, now: number, sliding: boolean): Window => {
    const start = Math.floor(now / windowMs) * windowMs;
    let w = windows.get(key);
    if (!w) {
      w = { start, count: 0, prev: 0 };
      windows.set(key, w);
    } else if (w.start !== start) {
      w.prev = sliding && w.start === start - windowMs ? w.count : 0;
      w.count = 0;
      w.start = start;
    }
    return w;
  };

  const leaseSet = (key: string, now: number): Map<string, number> => {
    let set = leases.get(key);
    if (!set) {
      set = new Map();
      leases.set(key, set);
    }
    for (const [id, until] of set) if (until <= now) set.delete(id);
    return set;
  };

  // Every 10 000 calls, forget windows idle for two days and empty lease sets, so memory stays bounded.
  const sweep = (now: number) => {
    if (++sweeps % 10_000 !== 0) return;
    for (const [k, w] of windows) if (now - w.start > 2 * 86_400_000) windows.delete(k);
    for (const k of leases.keys()) if (leaseSet(k, now).size === 0) leases.delete(k);
  };

  return {
    kind: 'memory',
    flags: {
      async set(kind, id, { ttlSeconds, reason }) {
        const now = Date.now();
        flags.set(fkey(kind, id), {
          kind,
          id,
          reason,
          setAt: now,
          ...(ttlSeconds ? { expiresAt: now + ttlSeconds * 1000 } : {}),
        });
      },
      async clear(kind, id) {
        flags.delete(fkey(kind, id));
      },
      async list() {
        const now = Date.now();
        return [...flags.values()].filter((f) => !f.expiresAt || f.expiresAt > now);
      },
      get(kind, id) {
        const f = flags.get(fkey(kind, id));
        return f && (!f.expiresAt || f.expiresAt > Date.now()) ? f : undefined;
      },
      check(kind, id) {
        if (flags.size === 0) return false;
        const f = flags.get(fkey(kind, id));
        return f !== undefined && (!f.expiresAt || f.expiresAt > Date.now());
      },
    },
    counters: {
      async consume(ops: readonly CounterOp[], now = Date.now()): Promise<ConsumeResult> {
        sweep(now);
        const states: OpState[] = [];
        let failed = -1;
        let retryAfterMs = 0;
        for (let i = 0; i < ops.length; i++) {
          const op = ops[i]!;
          if (op.type === 'lease') {
            const set = leaseSet(op.key, now);
            const ok = set.size < op.limit;
            // The soonest lease expiry matters only to a refusal: no walk over the leases when admitted.
            let soonest = op.ttlMs;
            if (!ok) for (const until of set.values()) soonest = Math.min(soonest, until - now);
            states.push({
              remaining: Math.max(0, op.limit - set.size - (ok ? 1 : 0)),
              resetMs: ok ? 0 : soonest,
            });
            if (!ok && failed < 0) {
              failed = i;
              retryAfterMs = Math.max(1000, soonest);
            }
            continue;
          }
          const sliding = op.type === 'window';
          const w = windowOf(op.key, op.windowMs, now, sliding);
          const elapsed = now - w.start;
          const used = sliding ? slidingUsed(w.prev, w.count, elapsed, op.windowMs) : w.count;
          const ok = used + op.cost <= op.limit;
          states.push({
            remaining: Math.max(0, Math.floor(op.limit - used - (ok ? op.cost : 0))),
            resetMs: op.windowMs - elapsed,
          });
          if (!ok && failed < 0) {
            failed = i;
            retryAfterMs = computeRetry(sliding, w.prev, w.count, elapsed, op.windowMs, op.cost, op.limit);
          }
        }
        if (failed >= 0) return { ok: false, failed, retryAfterMs, states };
        for (const op of ops) {
          if (op.type === 'lease') leaseSet(op.key, now).set(op.leaseId, now + op.ttlMs);
          else windowOf(op.key, op.windowMs, now, op.type === 'window').count += op.cost;
        }
        return { ok: true, states };
      },
      async add(ops, now = Date.now()) {
        for (const op of ops) windowOf(op.key, op.windowMs, now, op.type === 'window').count += op.cost;
      },
      async release(list) {
        for (const { key, leaseId } of list) leases.get(key)?.delete(leaseId);
      },
    },
    async close() {},
  };
}
