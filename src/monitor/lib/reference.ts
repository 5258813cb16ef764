// Per-model reference for classifier inputs: feature means and scales (to compare queries in
// standard units), the out-of-distribution score threshold and the benign share of low-confidence
// answers. Given in config, or learned from the model's first events and then frozen.

export interface ModelReference {
  readonly mean: Float64Array;
  readonly std: Float64Array;
  /** Mean squared z-score above which a query counts as out of distribution. */
  readonly oodThreshold: number;
  /** Share of answers below the low-confidence cut in benign traffic. */
  readonly lowConfShare: number;
  /**
   * Per feature, the sorted distinct values real inputs take when there are few of them (pixel
   * intensities, counts, codes); undefined for a continuous feature. Absent: not known.
   */
  readonly values?: readonly (Float64Array | undefined)[];
  /** Per feature, the smallest and largest value real inputs take (where a clipped step stops). */
  readonly min?: Float64Array;
  readonly max?: Float64Array;
}

/** Distinct values per feature at most this many make the feature discrete. */
export const MAX_DISCRETE_VALUES = 64;

/** Per feature, the sorted distinct values of `rows` if at most `cap`, else undefined. */
export function discreteValues(
  rows: readonly (readonly number[])[],
  cap = MAX_DISCRETE_VALUES,
): (Float64Array | undefined)[] {
  const d = rows[0]?.length ?? 0;
  const out: (Float64Array | undefined)[] = [];
  for (let j = 0; j < d; j++) {
    const seen = new Set<number>();
    for (const r of rows) {
      seen.add(r[j]!);
      if (seen.size > cap) break;
    }
    out.push(seen.size > cap ? undefined : Float64Array.from(seen).sort());
  }
  return out;
}

/**
 * Share of a query's discrete features whose value real inputs never take (a synthetic query moved
 * by a fixed step, or blended between inputs, lands between them); NaN when no feature is discrete.
 */
export function offValueShare(x: readonly number[], ref: ModelReference): number {
  const vals = ref.values;
  if (!vals) return Number.NaN;
  let n = 0;
  let off = 0;
  const d = Math.min(x.length, vals.length);
  for (let j = 0; j < d; j++) {
    const v = vals[j];
    if (!v || v.length === 0) continue;
    n++;
    const t = x[j]!;
    let lo = 0;
    let hi = v.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    const near =
      Math.abs(v[lo]! - t) <= 1e-9 * Math.max(1, Math.abs(t)) ||
      (lo > 0 && Math.abs(v[lo - 1]! - t) <= 1e-9 * Math.max(1, Math.abs(t)));
    if (!near) off++;
  }
  return n === 0 ? Number.NaN : off / n;
}

/** Mean squared standard score of a vector: ~1 in distribution, large far from it. */
export function oodScore(x: readonly number[], ref: ModelReference): number {
  let s = 0;
  const d = Math.min(x.length, ref.mean.length);
  for (let i = 0; i < d; i++) {
    const z = (x[i]! - ref.mean[i]!) / ref.std[i]!;
    s += z * z;
  }
  return s / (d || 1);
}

/** Learns a reference from the first `warmup` events: half for scale, half for the thresholds. */
export class ReferenceLearner {
  readonly #warmup: number;
  readonly #lowConf: number;
  readonly #oodQuantile: number;
  #n = 0;
  #mean: Float64Array | undefined;
  #m2: Float64Array | undefined;
  #frozen: { mean: Float64Array; std: Float64Array } | undefined;
  readonly #scores: number[] = [];
  #low = 0;
  #confSeen = 0;
  #distinct: (Set<number> | undefined)[] = [];
  #min: Float64Array | undefined;
  #max: Float64Array | undefined;

  constructor(warmup: number, lowConf: number, oodQuantile: number) {
    this.#warmup = Math.max(20, warmup);
    this.#lowConf = lowConf;
    this.#oodQuantile = oodQuantile;
  }

  /** Feeds one query; returns the reference once learned (and from then on). */
  add(x: readonly number[], confidence: number | undefined): ModelReference | undefined {
    const d = x.length;
    if (!this.#frozen) {
      if (!this.#mean || this.#mean.length !== d) {
        this.#mean = new Float64Array(d);
        this.#m2 = new Float64Array(d);
        this.#min = new Float64Array(d).fill(Infinity);
        this.#max = new Float64Array(d).fill(-Infinity);
        this.#n = 0;
      }
      this.#n++;
      if (this.#distinct.length !== d) this.#distinct = Array.from({ length: d }, () => new Set<number>());
      for (let i = 0; i < d; i++) {
        const set = this.#distinct[i];
        if (set) {
          set.add(x[i]!);
          if (set.size > MAX_DISCRETE_VALUES) this.#distinct[i] = undefined;
        }
        if (x[i]! < this.#min![i]!) this.#min![i] = x[i]!;
        if (x[i]! > this.#max![i]!) this.#max![i] = x[i]!;
        const delta = x[i]! - this.#mean[i]!;
        this.#mean[i]! += delta / this.#n;
        this.#m2![i]! += delta * (x[i]! - this.#mean[i]!);
      }
      if (this.#n >= this.#warmup / 2) {
        const std = new Float64Array(d);
        for (let i = 0; i < d; i++) std[i] = Math.max(Math.sqrt(this.#m2![i]! / (this.#n - 1)), 1e-3);
        this.#frozen = { mean: this.#mean, std };
      }
      return undefined;
    }
    const partial: ModelReference = { ...this.#frozen, oodThreshold: Infinity, lowConfShare: 0 };
    this.#scores.push(oodScore(x, partial));
    if (confidence !== undefined) {
      this.#confSeen++;
      if (confidence < this.#lowConf) this.#low++;
    }
    if (this.#scores.length < this.#warmup / 2) return undefined;
    const sorted = this.#scores.sort((a, b) => a - b);
    return {
      ...this.#frozen,
      oodThreshold: sorted[Math.min(sorted.length - 1, Math.floor(this.#oodQuantile * sorted.length))]!,
      lowConfShare: this.#confSeen ? this.#low / this.#confSeen : 0,
      values: this.#distinct.map((set) => (set ? Float64Array.from(set).sort() : undefined)),
      min: this.#min!,
      max: this.#max!,
    };
  }
}
