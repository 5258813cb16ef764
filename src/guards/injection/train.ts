// Training the injection classifier: logistic regression over signed hashed n-grams with AdaGrad and
// L2, seeded, on a group-wise split. A text is scored by its best instance (windows and segments,
// exactly as score.ts cuts them), so training is multiple-instance: each step updates the instance the
// model now scores highest (lib/fit.ts). Spliced documents are trained on the instruction that was put
// in (their other segments as benign), and seeded synthetic pairs (lib/synth/) add the families and
// the benign look-alikes the labelled data lacks. The threshold is calibrated on out-of-fold scores
// of the real training rows, never on the held-out part.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { binaryReport, type BinaryReport, rocAuc, tprAtFpr } from '../eval/metrics.ts';
import { groupOf, nearDuplicateClusters, type Row, readRows, rng, splitGroups } from './lib/data.ts';
import { asModel, examples, fitAveraged, RULE_CAP, type SpliceCounts } from './lib/fit.ts';
import { type Model, type ModelFile, decodeModel, encodeModel } from './lib/model.ts';
import { synthRows } from './lib/synth/index.ts';
import { scoreText } from './score.ts';

export interface TrainOptions {
  readonly seed?: number;
  readonly testFraction?: number;
  readonly bits?: number;
  readonly epochs?: number;
  readonly lr?: number;
  readonly l2?: number;
  /**
   * Target FPR of the calibrated threshold on out-of-fold scores (default 0.005). Text from sources
   * the model never saw scores higher than out-of-fold text does, so the default aims at half the
   * 1% that operators are promised (docs/detection.md has the measured gap).
   */
  readonly targetFpr?: number;
  /** Folds for the out-of-fold calibration scores (default 3); 0 calibrates on in-sample training scores. */
  readonly folds?: number;
  /** Seeded synthetic rows (lib/synth/) asked for on the training side (default 6000, duplicates dropped; 0 for none). */
  readonly synth?: number;
  /** Total weight of each synthetic kind relative to a real kind (default 0.25). */
  readonly synthWeight?: number;
  /** Fits averaged into the model, each visiting the rows in another order (default 3). */
  readonly average?: number;
  /** Times the calibration folds are drawn, their out-of-fold scores pooled (default 3). */
  readonly calibration?: number;
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
  /** Spliced injections whose instruction was located / left as they are / left out as ambiguous. */
  readonly splices: SpliceCounts;
  /** ROC AUC of the out-of-fold training scores (for choosing settings without touching held-out data). */
  readonly oofAuc: number;
  /** Held-out report at the calibrated threshold, overall and per kind. */
  readonly heldOut: BinaryReport;
  readonly perKind: Readonly<Record<string, { n: number; flagged: number; rate: number }>>;
}

export const DEFAULT_SYNTH = 6000;
export const DEFAULT_TARGET_FPR = 0.005;
export const DEFAULT_AVERAGE = 3;
export const DEFAULT_CALIBRATION = 3;
/** 2^17 int16 weights: 256 KB, small enough to stay in a core's L2 cache while a long text is scored. */
export const DEFAULT_BITS = 17;
export const DEFAULT_SYNTH_WEIGHT = 0.25;

/** Every fitting option with its default filled in: what a fit uses, and what the model file records. */
function resolveOptions(opts: TrainOptions) {
  return {
    seed: opts.seed ?? 1337,
    bits: opts.bits ?? DEFAULT_BITS,
    epochs: opts.epochs ?? 6,
    lr: opts.lr ?? 0.3,
    l2: opts.l2 ?? 1e-3,
    targetFpr: opts.targetFpr ?? DEFAULT_TARGET_FPR,
    folds: opts.folds ?? 3,
    synth: opts.synth ?? DEFAULT_SYNTH,
    synthWeight: opts.synthWeight ?? DEFAULT_SYNTH_WEIGHT,
    average: opts.average ?? DEFAULT_AVERAGE,
    calibration: opts.calibration ?? DEFAULT_CALIBRATION,
  };
}

/** The training and held-out rows of `path` under the seeded group split (and `validateSeed`). */
export function splitRows(
  rows: readonly Row[],
  seed: number,
  testFraction: number,
  validateSeed?: number,
): { train: Row[]; test: Row[]; testGroups: string[]; lineSplitKinds: string[] } {
  let split = splitGroups(rows, seed, testFraction);
  let train: Row[] = [];
  let test: Row[] = [];
  rows.forEach((r, i) => (split.isTest(r, i) ? test : train).push(r));
  if (validateSeed !== undefined) {
    const outer = train;
    split = splitGroups(outer, validateSeed, testFraction);
    train = [];
    test = [];
    outer.forEach((r, i) => (split.isTest(r, i) ? test : train).push(r));
  }
  return { train, test, testGroups: split.testGroups, lineSplitKinds: split.lineSplitKinds };
}

/**
 * Fits a model on `train` (plus `synth` seeded synthetic rows) and calibrates its threshold on
 * out-of-fold scores of `train`; the building block of trainInjection and of setting comparisons.
 */
export function fitInjection(
  train: readonly Row[],
  opts: TrainOptions = {},
): { model: Model; file: Omit<ModelFile, 'trained'>; oofAuc: number; splices: TrainResult['splices'] } {
  const o = resolveOptions(opts);
  // Synthetic rows are fitted on, never scored for calibration or reports.
  const synth = synthRows(o.synth, o.seed);
  const synthKinds = new Set(synth.map((r) => r.kind ?? r.label));
  const fitRows = [...train, ...synth];
  const { data, splices } = examples(fitRows, synthKinds, o.synthWeight);

  // Out-of-fold scores for the threshold: each training line is scored by a model that never saw it,
  // and where a kind has sources enough, never saw its source either — the threshold must hold for
  // text from new sources, and within-source folds leave it too low. A kind with fewer sources than
  // folds is folded by near-duplicate cluster instead (folds by line would score a benign table with a
  // model trained on copies of it with instructions spliced in).
  // The tail that sets a 0.5% threshold is a dozen lines, so the folds are drawn `calibration` times
  // with different seeds and all the out-of-fold scores pooled.
  const oof: { score: number; positive: boolean }[] = [];
  if (o.folds > 0) {
    const clusters = nearDuplicateClusters(train);
    const groupsOfKind = new Map<string, Set<string>>();
    for (const r of train) {
      const k = r.kind ?? r.label;
      groupsOfKind.set(k, (groupsOfKind.get(k) ?? new Set()).add(groupOf(r)));
    }
    for (let round = 0; round < o.calibration; round++) {
      const foldRand = rng(o.seed ^ 0xf01d ^ round);
      const foldOf = new Map<string, number>();
      const folds = train.map((r, i) => {
        const bySource = (groupsOfKind.get(r.kind ?? r.label)?.size ?? 0) >= o.folds;
        const key = bySource ? `g:${groupOf(r)}` : `c:${clusters[i]}`;
        let f = foldOf.get(key);
        if (f === undefined) foldOf.set(key, (f = Math.floor(foldRand() * o.folds)));
        return f;
      });
      for (let f = 0; f < o.folds; f++) {
        const held = train.filter((_, i) => folds[i] === f);
        const kept = train.filter((_, i) => folds[i] !== f);
        const part = examples([...kept, ...synth], synthKinds, o.synthWeight).data;
        const m = asModel(fitAveraged(part, o, o.average), o.bits);
        for (const r of held)
          oof.push({ score: scoreText(m, r.text).score, positive: r.label === 'injection' });
      }
    }
  }
  const final = fitAveraged(data, o, o.average);
  if (o.folds === 0) {
    const inSample = asModel(final, o.bits);
    for (const r of train)
      oof.push({ score: scoreText(inSample, r.text).score, positive: r.label === 'injection' });
  }
  const calibrated = tprAtFpr(oof, o.targetFpr).threshold;
  const threshold = Math.min(1 - 1e-9, Math.max(1e-9, calibrated));
  const file = encodeModel(final.weights, {
    bits: o.bits,
    bias: final.bias,
    threshold,
    ruleBoost: final.rule,
    ruleCap: final.rule * RULE_CAP,
    trained: {},
  });
  // The quantised model, exactly as it will be committed.
  const { trained: _t, ...rest } = file;
  return { model: decodeModel(file), file: rest, oofAuc: rocAuc(oof), splices };
}

/**
 * Trains on the training side of a seeded group split of `path`, calibrates the threshold on
 * out-of-fold training scores, and reports on the held-out side. Deterministic for a seed.
 */
export function trainInjection(path: string, opts: TrainOptions = {}): TrainResult {
  const seed = opts.seed ?? 1337;
  const testFraction = opts.testFraction ?? 0.3;
  const rows = readRows(path);
  const { train, test, testGroups, lineSplitKinds } = splitRows(rows, seed, testFraction, opts.validateSeed);
  const fitted = fitInjection(train, { ...opts, seed });
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
  const file: ModelFile = {
    ...fitted.file,
    trained: {
      data: path.split('/').slice(-2).join('/'),
      sha256: sha,
      rows: rows.length,
      trainRows: train.length,
      seed,
      testFraction,
      ...(({ seed: _s, ...rest }) => rest)(resolveOptions(opts)),
      splices: fitted.splices,
      ...(opts.validateSeed !== undefined ? { validateSeed: opts.validateSeed } : {}),
      testGroups,
      lineSplitKinds,
    },
  };
  const model = fitted.model;
  const threshold = model.threshold;
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
    testGroups,
    lineSplitKinds,
    splices: fitted.splices,
    oofAuc: fitted.oofAuc,
    heldOut,
    perKind: kinds,
  };
}

export interface CrossValidation {
  /** One row per (split seed, training seed): held-out ROC AUC and TPR at 1% FPR, overall and per attack kind. */
  readonly runs: readonly {
    readonly split: number;
    readonly seed: number;
    readonly auc: number;
    readonly tprAt1: number;
    readonly perKind: Readonly<Record<string, number>>;
  }[];
  readonly meanTprAt1: number;
}

/**
 * Settings compared on several group splits at once: for every split seed, the training side is
 * fitted once per training seed and the held-out side scored. No calibration (folds 0): the TPR at
 * 1% FPR is read off the held-out scores. One split's figure moves by a point or two with the seed.
 */
export function crossValidate(
  path: string,
  splits: readonly number[],
  seeds: readonly number[],
  opts: TrainOptions = {},
): CrossValidation {
  const rows = readRows(path);
  const runs: CrossValidation['runs'][number][] = [];
  for (const split of splits)
    for (const seed of seeds) {
      const { train, test } = splitRows(rows, split, opts.testFraction ?? 0.3);
      const { model } = fitInjection(train, { ...opts, seed, folds: 0 });
      const scored = test.map((r) => ({
        score: scoreText(model, r.text).score,
        positive: r.label === 'injection',
        kind: r.kind ?? r.label,
      }));
      const benign = scored.filter((x) => !x.positive);
      const perKind: Record<string, number> = {};
      for (const k of new Set(scored.filter((x) => x.positive).map((x) => x.kind)))
        perKind[k] = tprAtFpr([...scored.filter((x) => x.kind === k), ...benign], 0.01).tpr;
      runs.push({ split, seed, auc: rocAuc(scored), tprAt1: tprAtFpr(scored, 0.01).tpr, perKind });
    }
  return { runs, meanTprAt1: runs.reduce((a, r) => a + r.tprAt1, 0) / Math.max(1, runs.length) };
}
