// Attackers as generators: each yields its next query and receives the victim's class probabilities,
// as the published attacks would through the API. Simplified but faithful to their access patterns.

import { gauss } from '../lib/rng.ts';
import { createMlp } from '../victims/mlp.ts';
import { argmax, type Classifier } from '../victims/softmax.ts';
import type { AttackerSpec } from './scenario.ts';

export type Attack = Generator<number[], void, Float64Array>;

export interface AttackContext {
  readonly victim: Classifier;
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

/**
 * Papernot et al., "Practical Black-Box Attacks against Machine Learning" (AsiaCCS 2017), Algorithm 1:
 * label a small natural seed set S₀ through the API; then for ρ = 0 … rounds − 1 train the substitute
 * F on S_ρ and label S_{ρ+1} = S_ρ ∪ { x + λ·sign(∂F_{Õ(x)}/∂x) : x ∈ S_ρ }, where Õ(x) is the victim's
 * label of x; finally train F on the last set. F is a DNN as in the paper — the authors' reference
 * code (CleverHans, mnist_blackbox.py) uses two hidden layers of 200 ReLU units and trains it 10
 * epochs per round with Adam, lr 0.001, batch 128, carrying its weights over from round to round. λ is in units of the input box (the paper's pixels
 * are in [0, 1]: λ = 0.1). Options from the follow-up work: a periodic sign flip every τ rounds, and
 * reservoir sampling (after σ rounds only κ new points per round). The attacker sees labels only.
 * `onSubstitute` is called after every training with the substitute and the labels it was trained on.
 */
export function* papernot(
  s: AttackerSpec,
  c: AttackContext,
  onSubstitute: (sub: Classifier, labels: number) => void,
): Attack {
  const d = c.pool[0]!.length;
  const width = c.max - c.min;
  const step = s.lambda * width;
  // Distinct seeds from the attacker's own natural data (the paper: 150 from MNIST's test set).
  const picked = new Set<number>();
  while (picked.size < Math.min(s.seeds, c.pool.length)) picked.add(Math.floor(c.rand() * c.pool.length));
  let S: number[][] = [...picked].map((i) => [...c.pool[i]!]);
  const labels: number[] = [];
  const sub = createMlp({
    dim: d,
    classes: c.victim.classes,
    hidden: s.hidden,
    offset: c.min,
    factor: 1 / width,
    seed: Math.floor(c.rand() * 2 ** 31),
  });
  let sent = 0;
  const label = function* (xs: number[][]): Generator<number[], void, Float64Array> {
    for (const x of xs) {
      if (sent >= s.budget) return;
      const p = yield x;
      sent++;
      labels.push(argmax(p));
    }
  };
  yield* label(S);
  S = S.slice(0, labels.length);
  for (let rho = 0; ; rho++) {
    sub.fit(S, labels, { epochs: s.epochs, lr: 0.001, batch: 128 });
    onSubstitute(sub, labels.length);
    if (rho >= s.rounds || sent >= s.budget) return;
    const sign = s.tau > 0 && Math.floor(rho / s.tau) % 2 === 1 ? -1 : 1;
    let parents = S.map((_, i) => i);
    if (s.reservoir && rho >= s.reservoir.sigma) {
      // A uniform sample of κ earlier points (reservoir sampling over S_ρ).
      const res = parents.slice(0, s.reservoir.kappa);
      for (let i = res.length; i < parents.length; i++) {
        const j = Math.floor(c.rand() * (i + 1));
        if (j < res.length) res[j] = parents[i]!;
      }
      parents = res;
    }
    const next = parents.map((i) => {
      const g = sub.gradient(S[i]!, labels[i]!);
      return S[i]!.map((v, j) => clip(v + sign * step * Math.sign(g[j]!), c));
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
