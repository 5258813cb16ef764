// A small multinomial logistic regression trained in TypeScript, deterministic for a seed: the victim
// the replays serve, and the copy extraction attackers train from its answers.

import { rng } from '../lib/rng.ts';

/** A classifier the replays serve or attackers train: class probabilities and their input gradient. */
export interface Classifier {
  readonly classes: number;
  readonly dim: number;
  /** Class probabilities for a raw (unscaled) input. */
  predict(x: readonly number[]): Float64Array;
  /** Gradient of class c's probability with respect to the raw input. */
  gradient(x: readonly number[], c: number): Float64Array;
}

export type Softmax = Classifier;

export interface TrainOptions {
  readonly classes: number;
  readonly epochs?: number;
  readonly lr?: number;
  readonly l2?: number;
  readonly seed?: number;
}

/** Trains by mini-batch-free SGD over shuffled epochs on standardised inputs. */
export function trainSoftmax(
  X: readonly (readonly number[])[],
  y: readonly number[],
  o: TrainOptions,
): Softmax {
  const n = X.length;
  const d = X[0]?.length ?? 0;
  const k = o.classes;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const x of X) for (let j = 0; j < d; j++) mean[j]! += x[j]! / n;
  for (const x of X) for (let j = 0; j < d; j++) scale[j]! += (x[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const W = new Float64Array(k * d);
  const b = new Float64Array(k);
  const r = rng(o.seed ?? 1);
  const order = Array.from({ length: n }, (_, i) => i);
  const z = new Float64Array(d);
  const p = new Float64Array(k);
  const forward = (x: readonly number[]) => {
    for (let j = 0; j < d; j++) z[j] = (x[j]! - mean[j]!) / scale[j]!;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = b[c]!;
      for (let j = 0; j < d; j++) s += W[c * d + j]! * z[j]!;
      p[c] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) {
      p[c] = Math.exp(p[c]! - max);
      sum += p[c]!;
    }
    for (let c = 0; c < k; c++) p[c] = p[c]! / sum;
    return p;
  };
  const epochs = o.epochs ?? 30;
  const l2 = o.l2 ?? 1e-4;
  for (let e = 0; e < epochs; e++) {
    const lr = (o.lr ?? 0.1) / (1 + e * 0.1);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      forward(X[i]!);
      for (let c = 0; c < k; c++) {
        const g = p[c]! - (y[i] === c ? 1 : 0);
        b[c]! -= lr * g;
        for (let j = 0; j < d; j++) W[c * d + j]! -= lr * (g * z[j]! + l2 * W[c * d + j]!);
      }
    }
  }
  return {
    classes: k,
    dim: d,
    predict: (x) => Float64Array.from(forward(x)),
    gradient(x, c) {
      const pr = Float64Array.from(forward(x));
      const g = new Float64Array(d);
      // dp_c/dz = p_c (W_c − Σ_k p_k W_k); chain through the standardisation.
      for (let j = 0; j < d; j++) {
        let avg = 0;
        for (let q = 0; q < k; q++) avg += pr[q]! * W[q * d + j]!;
        g[j] = (pr[c]! * (W[c * d + j]! - avg)) / scale[j]!;
      }
      return g;
    },
  };
}

/** Index of the largest value. */
export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return best;
}

/** Share of inputs on which two models give the same label. */
export function agreement(a: Classifier, b: Classifier, X: readonly (readonly number[])[]): number {
  let same = 0;
  for (const x of X) if (argmax(a.predict(x)) === argmax(b.predict(x))) same++;
  return X.length ? same / X.length : 0;
}
