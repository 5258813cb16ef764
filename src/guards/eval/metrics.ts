// Metrics for binary detectors on labelled scores: precision/recall/F1 at a threshold, ROC AUC, and the
// true-positive rate at a fixed false-positive rate. Shared by every detector's eval command.

/** One labelled score: `positive` is the attack/sensitive class. */
export interface Scored {
  readonly score: number;
  readonly positive: boolean;
}

export interface AtThreshold {
  readonly threshold: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly fpr: number;
}

/** Counts and rates when `score >= threshold` is called positive. Empty denominators give 0. */
export function atThreshold(items: readonly Scored[], threshold: number): AtThreshold {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const it of items) {
    const flagged = it.score >= threshold;
    if (it.positive) {
      if (flagged) tp++;
      else fn++;
    } else if (flagged) fp++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, tp, fp, fn, tn, precision, recall, f1, fpr: fp + tn === 0 ? 0 : fp / (fp + tn) };
}

/** Area under the ROC curve (probability a random positive outscores a random negative; ties count ½). */
export function rocAuc(items: readonly Scored[]): number {
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const avgRank = (i + 1 + j) / 2; // ranks i+1..j, averaged over ties
    for (let k = i; k < j; k++) {
      if (sorted[k]!.positive) {
        pos++;
        rankSum += avgRank;
      } else neg++;
    }
    i = j;
  }
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * The lowest threshold whose false-positive rate stays at or under `fpr` on the negatives, and the
 * TPR it gives. With N negatives, at most ⌊fpr·N⌋ of them may score at or above the threshold.
 */
export function tprAtFpr(
  items: readonly Scored[],
  fpr: number,
): { fpr: number; tpr: number; threshold: number; actualFpr: number } {
  const neg = items
    .filter((x) => !x.positive)
    .map((x) => x.score)
    .sort((a, b) => b - a);
  const allowed = Math.floor(fpr * neg.length);
  // Threshold just above the (allowed+1)-th highest negative score.
  const threshold = allowed < neg.length ? nextUp(neg[allowed]!) : -Infinity;
  const r = atThreshold(items, threshold);
  return { fpr, tpr: r.recall, threshold, actualFpr: r.fpr };
}

function nextUp(x: number): number {
  if (!Number.isFinite(x)) return x;
  const buf = new Float64Array([x]);
  const bits = new BigInt64Array(buf.buffer);
  if (x >= 0) bits[0] = bits[0]! + 1n;
  else bits[0] = bits[0]! - 1n;
  return x === 0 ? Number.MIN_VALUE : buf[0]!;
}

/** Everything an eval command prints for one set of labelled scores. */
export interface BinaryReport {
  readonly n: number;
  readonly positives: number;
  readonly negatives: number;
  readonly at: AtThreshold;
  readonly auc: number;
  readonly tprAt1: number;
  readonly tprAt01: number;
}

/** The standard report at a given operating threshold. */
export function binaryReport(items: readonly Scored[], threshold: number): BinaryReport {
  const positives = items.filter((x) => x.positive).length;
  return {
    n: items.length,
    positives,
    negatives: items.length - positives,
    at: atThreshold(items, threshold),
    auc: rocAuc(items),
    tprAt1: tprAtFpr(items, 0.01).tpr,
    tprAt01: tprAtFpr(items, 0.001).tpr,
  };
}
