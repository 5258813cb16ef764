// Attackers as generators: each yields its next query and receives the victim's class probabilities,
// as the published attacks would through the API. Simplified but faithful to their access patterns.

import { gauss } from '../lib/rng.ts';
import { argmax, type Softmax, trainSoftmax } from '../victims/softmax.ts';
import type { AttackerSpec } from './scenario.ts';

export type Attack = Generator<number[], void, Float64Array>;

export interface AttackContext {
  readonly victim: Softmax;
  /** Natural inputs the attacker holds (disjoint from the victim's training split). */
  readonly pool: readonly (readonly number[])[];
  readonly rand: () => number;
  readonly min: number;
  readonly max: number;
}

const clip = (v: number, c: AttackContext) => (v < c.min ? c.min : v > c.max ? c.max : v);

/** HopSkipJump-style decision-boundary walk (Chen, Jordan, Wainwright 2020), untargeted, L2. */
export function* hopSkipJump(s: AttackerSpec, c: AttackContext): Attack {
  const d = c.pool[0]!.length;
  let used = 0;
  const ask = function* (x: number[]): Generator<number[], boolean, Float64Array> {
    used++;
    const p = yield x;
    return argmax(p) !== c0;
  };
  const x0 = [...c.pool[Math.floor(c.rand() * c.pool.length)]!];
  const p0 = yield x0;
  used++;
  const c0 = argmax(p0);
  let adv: number[] | undefined;
  while (!adv && used < s.budget) {
    const x = Array.from({ length: d }, () => c.min + c.rand() * (c.max - c.min));
    if (yield* ask(x)) adv = x;
  }
  if (!adv) return;
  const blend = (a: number[], t: number) => x0.map((v, j) => (1 - t) * v + t * a[j]!);
  const search = function* (a: number[]): Generator<number[], number[], Float64Array> {
    let lo = 0;
    let hi = 1;
    while (hi - lo > 0.001 && used < s.budget) {
      const mid = (lo + hi) / 2;
      if (yield* ask(blend(a, mid))) hi = mid;
      else lo = mid;
    }
    return blend(a, hi);
  };
  let xb = yield* search(adv);
  for (let it = 1; used < s.budget; it++) {
    const dist = Math.sqrt(xb.reduce((acc, v, j) => acc + (v - x0[j]!) ** 2, 0));
    const delta = Math.max(dist / d, 1e-3);
    const B = Math.min(100, Math.round(20 * Math.sqrt(it)));
    const us: number[][] = [];
    const phis: number[] = [];
    for (let b = 0; b < B && used < s.budget; b++) {
      const u = Array.from({ length: d }, () => gauss(c.rand));
      const norm = Math.sqrt(u.reduce((a, v) => a + v * v, 0)) || 1;
      for (let j = 0; j < d; j++) u[j] = u[j]! / norm;
      us.push(u);
      phis.push((yield* ask(xb.map((v, j) => clip(v + delta * u[j]!, c)))) ? 1 : -1);
    }
    const mean = phis.reduce((a, v) => a + v, 0) / (phis.length || 1);
    const g = new Array<number>(d).fill(0);
    us.forEach((u, b) => {
      for (let j = 0; j < d; j++) g[j]! += (phis[b]! - mean) * u[j]!;
    });
    const gn = Math.sqrt(g.reduce((a, v) => a + v * v, 0)) || 1;
    let eps = dist / Math.sqrt(it);
    let cand = xb;
    while (used < s.budget && eps > 1e-4) {
      cand = xb.map((v, j) => clip(v + (eps * g[j]!) / gn, c));
      if (yield* ask(cand)) break;
      eps /= 2;
    }
    xb = yield* search(cand);
  }
}

/** Papernot et al. 2017: Jacobian-based dataset augmentation around a small natural seed set. */
export function* papernot(
  s: AttackerSpec,
  c: AttackContext,
  record: (x: number[], label: number) => void,
): Attack {
  let S: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < s.seeds; i++) S.push([...c.pool[Math.floor(c.rand() * c.pool.length)]!]);
  let sent = 0;
  const label = function* (xs: number[][]): Generator<number[], void, Float64Array> {
    for (const x of xs) {
      if (sent >= s.budget) return;
      const p = yield x;
      sent++;
      labels.push(argmax(p));
      record(x, argmax(p));
    }
  };
  yield* label(S);
  S = S.slice(0, labels.length);
  for (let round = 0; sent < s.budget; round++) {
    const sub = trainSoftmax(S, labels, { classes: c.victim.classes, epochs: 10, seed: round + 1 });
    // Periodic step size: the sign of λ flips every 3 rounds, as in the paper.
    const lam = round % 6 < 3 ? s.lambda : -s.lambda;
    const next = S.map((x, i) => {
      const g = sub.gradient(x, labels[i]!);
      return x.map((v, j) => clip(v + lam * Math.sign(g[j]!), c));
    });
    const before = labels.length;
    yield* label(next);
    S = S.concat(next.slice(0, labels.length - before));
  }
}

/** Knockoff Nets (Orekondy et al. 2019): natural inputs from the attacker's own data, lightly augmented. */
export function* knockoff(
  s: AttackerSpec,
  c: AttackContext,
  record: (x: number[], label: number) => void,
): Attack {
  const side = Math.round(Math.sqrt(c.pool[0]!.length));
  for (let i = 0; i < s.budget; i++) {
    const base = c.pool[Math.floor(c.rand() * c.pool.length)]!;
    const dx = Math.floor(c.rand() * 3) - 1;
    const x = base.map((_, k) => {
      const r = Math.floor(k / side);
      const col = k % side;
      const src = col - dx;
      const v = src >= 0 && src < side ? base[r * side + src]! : 0;
      return v > 0 ? clip(Math.round(v + gauss(c.rand)), c) : v;
    });
    const p = yield x;
    record(x, argmax(p));
  }
}

/** Tramèr et al. 2016 equation solving: random points; d + 1 answers with confidences fix a linear model. */
export function* equation(s: AttackerSpec, c: AttackContext): Attack {
  const d = c.pool[0]!.length;
  for (let i = 0; i < s.budget; i++)
    yield Array.from({ length: d }, () => c.min + c.rand() * (c.max - c.min));
}

/** A scraper or a ramping client: natural inputs, many of them. */
export function* natural(s: AttackerSpec, c: AttackContext, total: number): Attack {
  for (let i = 0; i < total; i++) yield [...c.pool[Math.floor(c.rand() * c.pool.length)]!];
}
