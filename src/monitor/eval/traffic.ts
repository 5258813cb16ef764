// The replay's traffic sources: the benign population (everyday users, power users, batch jobs,
// retries, bursts of near-identical queries) and attacker runs, each a stream of timed queries.

import { fnv1a, gauss, rng } from '../lib/rng.ts';
import type { Scenario } from './scenario.ts';

export interface Query {
  at: number;
  identity: string;
  ip: string;
  features: number[];
}

export interface Source {
  /** Time of the next query, or Infinity when done. */
  next: number;
  /** Emits the query due at `next` and advances. */
  take(): Query;
}

const DAY = 86_400_000;

/** Makes a natural benign input: a pool row with noise on its non-zero features. */
export function naturalInput(
  pool: readonly (readonly number[])[],
  r: () => number,
  noise: number,
  lo: number,
  hi: number,
): number[] {
  const base = pool[Math.floor(r() * pool.length)]!;
  if (r() < 0.5 || noise === 0) return [...base];
  return base.map((v) => (v > lo ? Math.min(hi, Math.max(lo, Math.round(v + noise * gauss(r)))) : v));
}

/** The benign population as sources: one merged stream for users, one per batch job, one for follow-ups. */
export function benignSources(
  sc: Scenario,
  pool: readonly (readonly number[])[],
  start: number,
  transform: (x: number[], at: number) => number[],
): { sources: Source[]; identities: Set<string> } {
  const b = sc.benign;
  const r = rng(sc.seed * 7919 + 1);
  const identities = new Set<string>();
  const nBatch = Math.round(b.users * b.batchShare);
  const nUsers = Math.max(1, b.users - nBatch);
  const weights: number[] = [];
  for (let u = 0; u < nUsers; u++) weights.push(Math.exp(gauss(r)) * (r() < b.powerShare ? 10 : 1));
  const cum: number[] = [];
  let acc = 0;
  for (const w of weights) cum.push((acc += w));
  const pick = () => {
    const t = r() * acc;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (let u = 0; u < nUsers; u++) identities.add(`user-${u}`);
  const ipOf = (u: number) => `10.${(u >> 16) & 255}.${(u >> 8) & 255}.${u & 255}`;
  const span = sc.days * DAY;
  const batchTotal = nBatch * b.batchSize * Math.floor(sc.days);
  const base = Math.max(0, b.requests - batchTotal);
  const last = new Map<string, number[]>();
  const lo = sc.victim.min;
  const hi = sc.victim.max;

  // Follow-ups (retries, bursts) wait in a small time-ordered list.
  const follow: Query[] = [];
  const followSource: Source = {
    next: Infinity,
    take() {
      const q = follow.shift()!;
      followSource.next = follow[0]?.at ?? Infinity;
      return q;
    },
  };
  const schedule = (q: Query) => {
    let i = follow.length;
    while (i > 0 && follow[i - 1]!.at > q.at) i--;
    follow.splice(i, 0, q);
    followSource.next = follow[0]!.at;
  };

  let emitted = 0;
  // Uniform arrival times in order: cumulative exponential gaps scaled to the span.
  const meanGap = base > 0 ? span / base : Infinity;
  let t = start + (base > 0 ? -Math.log(1 - r()) * meanGap : Infinity);
  const users: Source = {
    next: base > 0 ? t : Infinity,
    take() {
      const u = pick();
      const id = `user-${u}`;
      const at = users.next;
      const x = transform(naturalInput(pool, r, b.noise, lo, hi), at);
      last.set(id, x);
      const q = { at, identity: id, ip: ipOf(u), features: x };
      if (r() < b.retryChance)
        for (let k = 1 + Math.floor(r() * 2); k > 0; k--)
          schedule({ ...q, at: at + 1000 * k + Math.floor(r() * 1000) });
      else if (r() < b.burstChance) {
        const n = 3 + Math.floor(r() * 6);
        for (let k = 1; k <= n; k++) {
          const v = [...x];
          for (let m = 1 + Math.floor(r() * 3); m > 0; m--) {
            const j = Math.floor(r() * v.length);
            v[j] = Math.min(hi, Math.max(lo, v[j]! + (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 2))));
          }
          schedule({ ...q, at: at + 2000 * k + Math.floor(r() * 1000), features: v });
        }
      }
      emitted++;
      t += -Math.log(1 - r()) * meanGap;
      users.next = emitted < base ? t : Infinity;
      return q;
    },
  };
  const sources: Source[] = [users, followSource];
  for (let k = 0; k < nBatch; k++) {
    const id = `batch-${k}`;
    identities.add(id);
    const hour = Math.floor(r() * 20);
    const br = rng(fnv1a(id) ^ sc.seed);
    let day = 0;
    let i = 0;
    const src: Source = {
      next: start + hour * 3_600_000,
      take() {
        const q = {
          at: src.next,
          identity: id,
          ip: `10.200.${k >> 8}.${k & 255}`,
          features: transform(naturalInput(pool, br, b.noise, lo, hi), src.next),
        };
        if (++i >= b.batchSize) {
          i = 0;
          day++;
          src.next = day < Math.floor(sc.days) ? start + day * DAY + hour * 3_600_000 : Infinity;
        } else src.next += 1000;
        return q;
      },
    };
    sources.push(src);
  }
  return { sources, identities };
}
