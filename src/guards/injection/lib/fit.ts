// The fitting half of training: examples as the guard scores them (every window and segment with its
// features and rule count), and multiple-instance logistic regression over them with AdaGrad and L2.
// Spliced documents train the instances holding the instruction up and the rest of the document down.

import { type Row, rng, shuffle } from './data.ts';
import { charsOf } from './chars.ts';
import { leadHashes, MAX_LEAD, positionedFeatures } from './features.ts';
import { type Model, quantize, sigmoid } from './model.ts';
import { normalizeMapped } from './normalize.ts';
import { familiesIn, familyHits } from './rules.ts';
import { segments } from './segments.ts';
import { lowerBound } from './search.ts';
import { injectedSegments } from './splice.ts';
import { instances } from './instances.ts';

/** One scored piece of a text: its feature hashes and how many rule families matched in it. */
export interface Inst {
  readonly hashes: Uint32Array;
  readonly rules: number;
}

export interface Example {
  readonly insts: readonly Inst[];
  readonly y: number;
  /** Spliced documents: which instances hold the instruction (the rest are the benign document). */
  pos?: Uint8Array;
  /** Every kind carries the same total weight, so many injected copies of one e-mail do not teach "e-mail". */
  weight: number;
}

/** Spliced injections whose instruction was located / left as they are / left out as ambiguous. */
export interface SpliceCounts {
  readonly located: number;
  readonly unknown: number;
  readonly ambiguous: number;
}

/** What one fit needs. */
export interface FitOptions {
  readonly bits: number;
  readonly epochs: number;
  readonly lr: number;
  readonly l2: number;
  readonly seed: number;
}

/** At most this many rule families add to one instance's logit. */
export const RULE_CAP = 2;

/** A text's instances exactly as scoreText cuts them, with each one's features; and its segment texts. */
function example(r: Row): {
  ex: Example;
  segs: string[];
  ranges: [number, number][];
  all: Int32Array;
  offsets: Int32Array;
} {
  const norm = normalizeMapped(r.text);
  const t = norm.text;
  const c = charsOf(t);
  const { hashes, positions } = positionedFeatures(c);
  const hits = familyHits(c);
  const lead = new Uint32Array(MAX_LEAD);
  const insts: Inst[] = [];
  const segs: string[] = [];
  const ranges: [number, number][] = [];
  const all = instances(t.length, segments(c));
  for (let x = 0; x < all.length; x += 3) {
    const a = all[x]!;
    const b = all[x + 1]!;
    const role = all[x + 2]!;
    const base = hashes.subarray(lowerBound(positions, a), lowerBound(positions, b));
    const rules = Math.min(RULE_CAP, familiesIn(hits, a, b).length);
    if (role === 0) {
      insts.push({ hashes: base, rules });
      continue;
    }
    const m = leadHashes(c, a, b, role, lead);
    const hs = new Uint32Array(base.length + m);
    hs.set(base);
    hs.set(lead.subarray(0, m), base.length);
    insts.push({ hashes: hs, rules });
    segs.push(t.slice(a, b));
    ranges.push([a, b]);
  }
  return {
    ex: { insts, y: r.label === 'injection' ? 1 : 0, weight: 1 },
    segs,
    ranges,
    all,
    offsets: norm.offsets,
  };
}

/** Examples for fitting: per-kind weights, spliced instructions located, ambiguous splices left out. */
export function examples(
  rows: readonly Row[],
  synthKinds: ReadonlySet<string>,
  synthWeight: number,
): { data: Example[]; splices: SpliceCounts } {
  const built = rows.map(example);
  const found = injectedSegments(
    built.map((b) => b.segs),
    (i) => rows[i]!.label === 'injection' && rows[i]!.kind === 'indirect_injection',
  );
  const splices = { located: 0, unknown: 0, ambiguous: 0 };
  const perKind = new Map<string, number>();
  for (const r of rows) perKind.set(r.kind ?? r.label, (perKind.get(r.kind ?? r.label) ?? 0) + 1);
  const data: Example[] = [];
  built.forEach((b, i) => {
    const r = rows[i]!;
    const kind = r.kind ?? r.label;
    const f = found[i];
    if (r.payload && r.label === 'injection') {
      // A known payload span: the instances overlapping it hold the instruction.
      const { start, end } = r.payload;
      const off = b.offsets;
      const pos = new Uint8Array(b.ex.insts.length);
      for (let k = 0; k < pos.length; k++) {
        const os = off[b.all[3 * k]!]!;
        const oe = off[b.all[3 * k + 1]!]!;
        if (os < end && start < oe) pos[k] = 1;
      }
      if (pos.includes(1) && pos.includes(0)) b.ex.pos = pos;
    } else if (f === 'ambiguous') {
      splices.ambiguous++;
      return;
    } else if (f === 'unknown') {
      splices.unknown++;
    } else if (Array.isArray(f)) {
      splices.located++;
      // Instances overlapping a spliced segment hold the instruction (windows included).
      const segIdx = new Set(f);
      const spans = b.ranges.filter((_, k) => segIdx.has(k));
      const pos = new Uint8Array(b.ex.insts.length);
      for (let k = 0; k < pos.length; k++) {
        const xs = b.all[3 * k]!;
        const xe = b.all[3 * k + 1]!;
        if (spans.some(([a, e]) => xs < e && a < xe)) pos[k] = 1;
      }
      b.ex.pos = pos;
    }
    b.ex.weight =
      (rows.length / (perKind.size * perKind.get(kind)!)) * (synthKinds.has(kind) ? synthWeight : 1);
    data.push(b.ex);
  });
  return { data, splices };
}

export interface Fitted {
  readonly weights: Float32Array;
  readonly bias: number;
  readonly rule: number;
}

/** AdaGrad logistic regression, multiple-instance; returns weights, bias and the rule weight. */
export function fit(data: readonly Example[], o: FitOptions): Fitted {
  const size = 1 << o.bits;
  const mask = size - 1;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size).fill(1e-8);
  let bias = 0;
  let bg2 = 1e-8;
  let rule = 0;
  let rg2 = 1e-8;
  // One step: the instance of `insts` the model scores highest stands for them, with label y.
  const step = (ex: Example, keep: (k: number) => boolean, y: number, weight: number) => {
    const insts = ex.insts;
    let best: Inst | undefined;
    let z = -Infinity;
    let inv = 0;
    insts.forEach((inst, k) => {
      if (!keep(k)) return;
      const n = inst.hashes.length;
      const iv = n > 0 ? 1 / Math.sqrt(n) : 0;
      let s = 0;
      for (const h of inst.hashes) s += h & 0x80000000 ? -w[h & mask]! : w[h & mask]!;
      s = bias + s * iv + rule * inst.rules;
      if (s > z) {
        z = s;
        best = inst;
        inv = iv;
      }
    });
    if (best === undefined) return;
    const g = (sigmoid(z) - y) * weight;
    for (const h of (best as Inst).hashes) {
      const j = h & mask;
      const grad = (h & 0x80000000 ? -g : g) * inv + o.l2 * w[j]!;
      g2[j] = g2[j]! + grad * grad;
      w[j] = w[j]! - (o.lr * grad) / Math.sqrt(g2[j]!);
    }
    bg2 += g * g;
    bias -= (o.lr * g) / Math.sqrt(bg2);
    const rules = (best as Inst).rules;
    if (rules > 0) {
      const rg = g * rules;
      rg2 += rg * rg;
      rule = Math.max(0, rule - (o.lr * rg) / Math.sqrt(rg2));
    }
  };
  const order = data.map((_, i) => i);
  const rand = rng(o.seed);
  const all = () => true;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, rand);
    for (const i of order) {
      const ex = data[i]!;
      const pos = ex.pos;
      if (pos) {
        step(ex, (k) => pos[k] === 1, 1, ex.weight);
        step(ex, (k) => pos[k] === 0, 0, ex.weight);
      } else step(ex, all, ex.y, ex.weight);
    }
  }
  return { weights: w, bias, rule };
}

/**
 * `n` fits that differ only in the order they visit the rows, averaged into one weight vector: the
 * variance of one SGD run (a point or two of held-out TPR) averages out, at no cost when scoring.
 */
export function fitAveraged(data: readonly Example[], o: FitOptions, n: number): Fitted {
  if (n <= 1) return fit(data, o);
  const w = new Float32Array(1 << o.bits);
  let bias = 0;
  let rule = 0;
  for (let k = 0; k < n; k++) {
    const f = fit(data, { ...o, seed: o.seed + 7919 * k });
    for (let i = 0; i < w.length; i++) w[i]! += f.weights[i]! / n;
    bias += f.bias / n;
    rule += f.rule / n;
  }
  return { weights: w, bias, rule };
}

export function asModel(f: Fitted, bits: number, threshold = 0.5): Model {
  const { q, scale } = quantize(f.weights);
  return {
    bits,
    mask: (1 << bits) - 1,
    bias: f.bias,
    weights: q,
    scale,
    threshold,
    ruleBoost: f.rule,
    ruleCap: f.rule * RULE_CAP,
    trained: {},
  };
}
