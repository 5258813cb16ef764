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
        this.#n = 0;
      }
      this.#n++;
      for (let i = 0; i < d; i++) {
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
    };
  }
}
