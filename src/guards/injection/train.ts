// Training the injection classifier: logistic regression over signed hashed n-grams with AdaGrad and
// L2, seeded, on a group-wise split; the rule-family count is one more learned weight. The threshold is
// calibrated to ~1% FPR on out-of-fold scores of the training split, never on the held-out part.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { augmentRows } from './lib/augment.ts';
import { crossed, positionedFeatures } from './lib/features.ts';
import { nearDuplicateClusters, type Row, readRows, rng, shuffle, splitGroups } from './lib/data.ts';
import { contextOf, type Model, type ModelFile, decodeModel, encodeModel, sigmoid } from './lib/model.ts';
import { normalize } from './lib/normalize.ts';
import { familiesIn, familyHits } from './lib/rules.ts';
import { scoreText, windows } from './score.ts';
import { binaryReport, type BinaryReport, rocAuc, tprAtFpr } from '../eval/metrics.ts';

export interface TrainOptions {
  readonly seed?: number;
  readonly testFraction?: number;
  readonly bits?: number;
  readonly epochs?: number;
  readonly lr?: number;
  readonly l2?: number;
  /** Target FPR for the calibrated threshold (default 0.01). */
  readonly targetFpr?: number;
  /** Folds for the out-of-fold calibration scores (default 3); 0 calibrates on in-sample training scores. */
  readonly folds?: number;
  /** Context crossing: texts longer than this many normalised characters are documents (0: off). */
  readonly contextMin?: number;
  /** Seeded augmentation (lib/augment.ts): standalone benign requests and spliced-document injections. */
  readonly augmentBenign?: number;
  readonly augmentSpliced?: number;
  /** Generated benign host documents (e-mails, notes, tables, code); spliced copies draw on them too. */
  readonly augmentDocuments?: number;
  /** Training-side direct injections spliced into documents (explicit attacks in document context). */
  readonly augmentAttacks?: number;
  /** Weight of each augmented kind relative to a real one (default 1). */
  readonly augmentWeight?: number;
  /**
   * For choosing settings without the held-out side: split the training side again by source with
   * this seed, train on one part and report on the other. The held-out side is not read at all.
   */
  readonly validateSeed?: number;
}

export interface TrainResult {
  readonly model: ModelFile;
  readonly trainRows: number;
  readonly testRows: number;
  readonly testGroups: readonly string[];
  readonly lineSplitKinds: readonly string[];
  /** ROC AUC of the out-of-fold training scores (for choosing settings without touching held-out data). */
  readonly oofAuc: number;
  /** Held-out report at the calibrated threshold, overall and per kind. */
  readonly heldOut: BinaryReport;
  readonly perKind: Readonly<Record<string, { n: number; flagged: number; rate: number }>>;
}

interface Win {
  readonly hashes: Uint32Array;
  readonly rules: number;
}

/** A text as the guard sees it: its windows; training updates on the window scoring highest. */
interface Example {
  readonly wins: readonly Win[];
  readonly y: number;
  /** Context of the whole text (0: no crossing, 1: prompt, 2: document); see lib/model.ts. */
  readonly ctx: number;
  /** Every kind carries the same total weight, so many injected copies of one e-mail do not teach "e-mail". */
  weight: number;
}

const RULE_CAP = 2;

/**
 * Context crossing and augmentation are off by default: the committed model was trained without them
 * (docs/detection.md has the measured trade-off of turning them on).
 */
export const DEFAULT_CONTEXT_MIN = 0;
export const DEFAULT_AUGMENT = { benign: 0, spliced: 0, documents: 0, attacks: 0 } as const;

function lowerBound(xs: Int32Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The windows of a text exactly as scoreText cuts them, with each window's features and rule count. */
function example(r: Row, contextMin: number): Example {
  const norm = normalize(r.text);
  const { hashes, positions } = positionedFeatures(norm);
  const hits = familyHits(norm);
  const wins = windows(norm.length).map(([a, b]) => ({
    hashes: hashes.subarray(lowerBound(positions, a), lowerBound(positions, b)),
    rules: Math.min(RULE_CAP, familiesIn(hits, a, b).length),
  }));
  const ctx = contextOf({ contextMin }, norm.length);
  return { wins, y: r.label === 'injection' ? 1 : 0, ctx, weight: 1 };
}

/** AdaGrad logistic regression; returns weights, bias and the rule weight. */
function fit(
  data: readonly Example[],
  o: Required<Pick<TrainOptions, 'bits' | 'epochs' | 'lr' | 'l2' | 'seed'>>,
): Fitted {
  const size = 1 << o.bits;
  const mask = size - 1;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size).fill(1e-8);
  let bias = 0;
  let bg2 = 1e-8;
  let rule = 0;
  let rg2 = 1e-8;
  const cb = [0, 0];
  const cg2 = [1e-8, 1e-8];
  const order = data.map((_, i) => i);
  const rand = rng(o.seed);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, rand);
    for (const i of order) {
      const ex = data[i]!;
      const ctx = ex.ctx;
      const cbias = ctx === 0 ? 0 : cb[ctx - 1]!;
      // Multiple-instance step: the window the model now scores highest stands for the text.
      let d = ex.wins[0]!;
      let z = -Infinity;
      let inv = 0;
      for (const win of ex.wins) {
        const n = win.hashes.length;
        const iv = n > 0 ? 1 / Math.sqrt(n) : 0;
        let s = 0;
        for (const h of win.hashes) {
          s += h & 0x80000000 ? -w[h & mask]! : w[h & mask]!;
          if (ctx !== 0) {
            const x = crossed(h, ctx);
            s += x & 0x80000000 ? -w[x & mask]! : w[x & mask]!;
          }
        }
        s = bias + cbias + s * iv + rule * win.rules;
        if (s > z) {
          z = s;
          d = win;
          inv = iv;
        }
      }
      const g = (sigmoid(z) - ex.y) * ex.weight;
      const step = (h: number) => {
        const j = h & mask;
        const grad = (h & 0x80000000 ? -g : g) * inv + o.l2 * w[j]!;
        g2[j] = g2[j]! + grad * grad;
        w[j] = w[j]! - (o.lr * grad) / Math.sqrt(g2[j]!);
      };
      for (const h of d.hashes) {
        step(h);
        if (ctx !== 0) step(crossed(h, ctx));
      }
      bg2 += g * g;
      bias -= (o.lr * g) / Math.sqrt(bg2);
      if (ctx !== 0) {
        cg2[ctx - 1]! += g * g;
        cb[ctx - 1]! -= (o.lr * g) / Math.sqrt(cg2[ctx - 1]!);
      }
      if (d.rules > 0) {
        const rg = g * d.rules;
        rg2 += rg * rg;
        rule = Math.max(0, rule - (o.lr * rg) / Math.sqrt(rg2));
      }
    }
  }
  return { weights: w, bias, rule, contextBias: [cb[0]!, cb[1]!] };
}

interface Fitted {
  readonly weights: Float32Array;
  readonly bias: number;
  readonly rule: number;
  readonly contextBias: [number, number];
}

function asModel(f: Fitted, bits: number, contextMin: number, threshold = 0.5): Model {
  return {
    bits,
    mask: (1 << bits) - 1,
    bias: f.bias,
    weights: f.weights,
    threshold,
    ruleBoost: f.rule,
    ruleCap: f.rule * RULE_CAP,
    contextMin,
    contextBias: f.contextBias,
    trained: {},
  };
}

/**
 * Trains on the training side of a seeded group split of `path`, calibrates the threshold on
 * out-of-fold training scores, and reports on the held-out side. Deterministic for a seed.
 */
export function trainInjection(path: string, opts: TrainOptions = {}): TrainResult {
  const o = {
    seed: opts.seed ?? 1337,
    testFraction: opts.testFraction ?? 0.3,
    bits: opts.bits ?? 18,
    epochs: opts.epochs ?? 6,
    lr: opts.lr ?? 0.3,
    l2: opts.l2 ?? 1e-4,
    targetFpr: opts.targetFpr ?? 0.01,
    folds: opts.folds ?? 3,
    contextMin: opts.contextMin ?? DEFAULT_CONTEXT_MIN,
    augmentBenign: opts.augmentBenign ?? DEFAULT_AUGMENT.benign,
    augmentSpliced: opts.augmentSpliced ?? DEFAULT_AUGMENT.spliced,
    augmentDocuments: opts.augmentDocuments ?? DEFAULT_AUGMENT.documents,
    augmentWeight: opts.augmentWeight ?? 1,
    augmentAttacks: opts.augmentAttacks ?? DEFAULT_AUGMENT.attacks,
  };
  const rows = readRows(path);
  let split = splitGroups(rows, o.seed, o.testFraction);
  let train: Row[] = [];
  let test: Row[] = [];
  rows.forEach((r, i) => (split.isTest(r, i) ? test : train).push(r));
  if (opts.validateSeed !== undefined) {
    const outer = train;
    split = splitGroups(outer, opts.validateSeed, o.testFraction);
    train = [];
    test = [];
    outer.forEach((r, i) => (split.isTest(r, i) ? test : train).push(r));
  }
  // Augmented rows are fitted on, never scored for calibration or reports.
  const fitRows = [
    ...train,
    ...augmentRows(train, o.seed, o.augmentBenign, o.augmentSpliced, o.augmentDocuments, o.augmentAttacks),
  ];
  const examples = fitRows.map((r) => example(r, o.contextMin));
  const perKind = new Map<string, number>();
  for (const r of fitRows) perKind.set(r.kind ?? r.label, (perKind.get(r.kind ?? r.label) ?? 0) + 1);
  fitRows.forEach((r, i) => {
    const k = fitRows.length / (perKind.size * perKind.get(r.kind ?? r.label)!);
    examples[i]!.weight = i < train.length ? k : k * o.augmentWeight;
  });

  // Out-of-fold scores for the threshold: each training line is scored by a model that never saw it.
  // Folds are by near-duplicate cluster: folds by source would hold out whole kinds (one source holds
  // all role-play lines); folds by line would score a benign table with a model trained on copies of it
  // with instructions spliced in, and push the threshold to where nothing is flagged.
  const oof: { score: number; positive: boolean }[] = [];
  const foldRand = rng(o.seed ^ 0xf01d);
  const clusters = nearDuplicateClusters(fitRows);
  const foldOfCluster = new Map<number, number>();
  const folds = clusters.map((c) => {
    let f = foldOfCluster.get(c);
    if (f === undefined) foldOfCluster.set(c, (f = Math.floor(foldRand() * Math.max(1, o.folds))));
    return f;
  });
  for (let f = 0; f < Math.max(1, o.folds); f++) {
    const fitted = fit(o.folds === 0 ? examples : examples.filter((_, i) => folds[i] !== f), o);
    const m = asModel(fitted, o.bits, o.contextMin);
    train.forEach((r, i) => {
      if (o.folds === 0 || folds[i] === f)
        oof.push({ score: scoreText(m, r.text).score, positive: r.label === 'injection' });
    });
  }
  const calibrated = tprAtFpr(oof, o.targetFpr).threshold;
  const threshold = Math.min(1 - 1e-9, Math.max(1e-9, calibrated));

  const final = fit(examples, o);
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
  const file = encodeModel(final.weights, {
    bits: o.bits,
    bias: final.bias,
    threshold,
    ruleBoost: final.rule,
    ruleCap: final.rule * RULE_CAP,
    ...(o.contextMin > 0 ? { contextMin: o.contextMin, contextBias: final.contextBias } : {}),
    trained: {
      data: path.split('/').slice(-2).join('/'),
      sha256: sha,
      rows: rows.length,
      trainRows: train.length,
      seed: o.seed,
      testFraction: o.testFraction,
      epochs: o.epochs,
      lr: o.lr,
      l2: o.l2,
      targetFpr: o.targetFpr,
      folds: o.folds,
      contextMin: o.contextMin,
      augmentBenign: o.augmentBenign,
      augmentSpliced: o.augmentSpliced,
      augmentDocuments: o.augmentDocuments,
      augmentWeight: o.augmentWeight,
      augmentAttacks: o.augmentAttacks,
      ...(opts.validateSeed !== undefined ? { validateSeed: opts.validateSeed } : {}),
      testGroups: split.testGroups,
      lineSplitKinds: split.lineSplitKinds,
    },
  });
  // Report with the quantised model exactly as it will be committed.
  const model = decodeModel(JSON.parse(JSON.stringify(file)));
  const scored = test.map((r) => ({ r, score: scoreText(model, r.text).score }));
  const heldOut = binaryReport(
    scored.map((s) => ({ score: s.score, positive: s.r.label === 'injection' })),
    threshold,
  );
  const kinds: Record<string, { n: number; flagged: number; rate: number }> = {};
  for (const s of scored) {
    const k = s.r.kind ?? s.r.label;
    const e = kinds[k] ?? { n: 0, flagged: 0, rate: 0 };
    e.n++;
    if (s.score >= threshold) e.flagged++;
    e.rate = e.flagged / e.n;
    kinds[k] = e;
  }
  return {
    model: file,
    trainRows: train.length,
    testRows: test.length,
    testGroups: split.testGroups,
    lineSplitKinds: split.lineSplitKinds,
    oofAuc: rocAuc(oof),
    heldOut,
    perKind: kinds,
  };
}
