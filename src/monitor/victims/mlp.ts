// A small fully connected network (ReLU hidden layers, softmax output) trained with Adam on
// mini-batches, deterministic for a seed: the substitute of the Papernot attack, a DNN as in the
// paper (its authors' reference code in CleverHans: two hidden layers of 200 units, 10 epochs a round).

import { gauss, rng } from '../lib/rng.ts';
import type { Classifier } from './softmax.ts';

export interface MlpOptions {
  readonly dim: number;
  readonly classes: number;
  /** Units per hidden layer (the paper's substitute: [200, 200]). */
  readonly hidden?: readonly number[];
  /** Inputs are mapped to (x − offset) · factor before the first layer (the paper's [0, 1] pixels). */
  readonly offset?: number;
  readonly factor?: number;
  readonly seed?: number;
}

export interface FitOptions {
  readonly epochs: number;
  /** Adam's step size (CleverHans' tutorial: 0.001). */
  readonly lr?: number;
  readonly batch?: number;
}

/** A network that keeps its weights between `fit` calls (the paper's substitute is trained on, round after round). */
export interface Mlp extends Classifier {
  fit(X: readonly (readonly number[])[], y: readonly number[], o: FitOptions): void;
}

/** Builds an untrained network with He-initialised weights. */
export function createMlp(o: MlpOptions): Mlp {
  const sizes = [o.dim, ...(o.hidden ?? [200, 200]), o.classes];
  const L = sizes.length - 1;
  const offset = o.offset ?? 0;
  const factor = o.factor ?? 1;
  const r = rng(o.seed ?? 1);
  const W: Float64Array[] = [];
  const B: Float64Array[] = [];
  for (let l = 0; l < L; l++) {
    const w = new Float64Array(sizes[l]! * sizes[l + 1]!);
    const s = Math.sqrt(2 / sizes[l]!);
    for (let i = 0; i < w.length; i++) w[i] = gauss(r) * s;
    W.push(w);
    B.push(new Float64Array(sizes[l + 1]!));
  }
  // Activations per layer (a[0] the scaled input), reused by forward and backward passes.
  const act = sizes.map((n) => new Float64Array(n));
  const delta = sizes.map((n) => new Float64Array(n));

  const forward = (x: readonly number[]): Float64Array => {
    const a0 = act[0]!;
    for (let j = 0; j < o.dim; j++) a0[j] = (x[j]! - offset) * factor;
    for (let l = 0; l < L; l++) {
      const nin = sizes[l]!;
      const nout = sizes[l + 1]!;
      const w = W[l]!;
      const b = B[l]!;
      const ain = act[l]!;
      const aout = act[l + 1]!;
      for (let k = 0; k < nout; k++) {
        let s = b[k]!;
        const off = k * nin;
        for (let j = 0; j < nin; j++) s += w[off + j]! * ain[j]!;
        aout[k] = l < L - 1 && s < 0 ? 0 : s;
      }
    }
    const out = act[L]!;
    let max = -Infinity;
    for (let k = 0; k < out.length; k++) if (out[k]! > max) max = out[k]!;
    let sum = 0;
    for (let k = 0; k < out.length; k++) {
      out[k] = Math.exp(out[k]! - max);
      sum += out[k]!;
    }
    for (let k = 0; k < out.length; k++) out[k] = out[k]! / sum;
    return out;
  };

  /** Back-propagates delta[L] (set by the caller) to delta[0]; accumulates weight gradients when given. */
  const backward = (gW?: Float64Array[], gB?: Float64Array[]) => {
    for (let l = L - 1; l >= 0; l--) {
      const nin = sizes[l]!;
      const nout = sizes[l + 1]!;
      const w = W[l]!;
      const dout = delta[l + 1]!;
      const ain = act[l]!;
      const din = delta[l]!;
      din.fill(0);
      for (let k = 0; k < nout; k++) {
        const dk = dout[k]!;
        if (dk === 0) continue;
        const off = k * nin;
        if (gW) {
          const g = gW[l]!;
          gB![l]![k]! += dk;
          for (let j = 0; j < nin; j++) g[off + j]! += dk * ain[j]!;
          // The input's own gradient is not needed while training.
          if (l === 0) continue;
        }
        for (let j = 0; j < nin; j++) din[j]! += dk * w[off + j]!;
      }
      // ReLU of the layer below (the input layer has none).
      if (l > 0) for (let j = 0; j < nin; j++) if (ain[j]! <= 0) din[j] = 0;
    }
  };

  // Adam state.
  const mW = W.map((w) => new Float64Array(w.length));
  const vW = W.map((w) => new Float64Array(w.length));
  const mB = B.map((b) => new Float64Array(b.length));
  const vB = B.map((b) => new Float64Array(b.length));
  const gW = W.map((w) => new Float64Array(w.length));
  const gB = B.map((b) => new Float64Array(b.length));
  let step = 0;
  const shuffle = rng((o.seed ?? 1) ^ 0x9e3779b9);

  return {
    classes: o.classes,
    dim: o.dim,
    predict: (x) => Float64Array.from(forward(x)),
    gradient(x, c) {
      const p = Float64Array.from(forward(x));
      // dp_c/dz_k = p_c (1[k = c] − p_k), then back through the layers to the raw input.
      const dz = delta[L]!;
      for (let k = 0; k < dz.length; k++) dz[k] = p[c]! * ((k === c ? 1 : 0) - p[k]!);
      backward();
      const g = new Float64Array(o.dim);
      for (let j = 0; j < o.dim; j++) g[j] = delta[0]![j]! * factor;
      return g;
    },
    fit(X, y, f) {
      const n = X.length;
      const batch = f.batch ?? 128;
      const lr = f.lr ?? 0.001;
      const order = Array.from({ length: n }, (_, i) => i);
      for (let e = 0; e < f.epochs; e++) {
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(shuffle() * (i + 1));
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        for (let s = 0; s < n; s += batch) {
          const end = Math.min(n, s + batch);
          for (const g of gW) g.fill(0);
          for (const g of gB) g.fill(0);
          for (let t = s; t < end; t++) {
            const i = order[t]!;
            const p = forward(X[i]!);
            const dz = delta[L]!;
            for (let k = 0; k < dz.length; k++) dz[k] = (p[k]! - (y[i] === k ? 1 : 0)) / (end - s);
            backward(gW, gB);
          }
          step++;
          const c1 = 1 - 0.9 ** step;
          const c2 = 1 - 0.999 ** step;
          const update = (w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array) => {
            for (let i = 0; i < w.length; i++) {
              const gi = g[i]!;
              m[i] = 0.9 * m[i]! + 0.1 * gi;
              v[i] = 0.999 * v[i]! + 0.001 * gi * gi;
              w[i]! -= (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8);
            }
          };
          for (let l = 0; l < L; l++) {
            update(W[l]!, gW[l]!, mW[l]!, vW[l]!);
            update(B[l]!, gB[l]!, mB[l]!, vB[l]!);
          }
        }
      }
    },
  };
}
