// The statistics the detectors explain their alerts with: normality (Shapiro–Wilk W), two-sample
// distances between a reference and a live histogram (PSI, KS, Jensen–Shannon, Wasserstein), and the
// quantiles used to turn a false-alarm budget into a threshold.

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

const swCache = new Map<number, Float64Array>();

/** Shapiro–Wilk coefficients for sample size n (Royston 1992), cached: detectors reuse a few sizes. */
function swCoefficients(n: number): Float64Array {
  const hit = swCache.get(n);
  if (hit) return hit;
  const m = new Float64Array(n);
  let mm = 0;
  for (let i = 0; i < n; i++) {
    m[i] = normalQuantile((i + 1 - 0.375) / (n + 0.25));
    mm += m[i]! * m[i]!;
  }
  const u = 1 / Math.sqrt(n);
  const a = new Float64Array(n);
  const cn = m[n - 1]! / Math.sqrt(mm);
  const cn1 = m[n - 2]! / Math.sqrt(mm);
  const an = cn + 0.221157 * u - 0.147981 * u ** 2 - 2.07119 * u ** 3 + 4.434685 * u ** 4 - 2.706056 * u ** 5;
  const an1 =
    cn1 + 0.042981 * u - 0.293762 * u ** 2 - 1.752461 * u ** 3 + 5.682633 * u ** 4 - 3.582633 * u ** 5;
  const phi = (mm - 2 * m[n - 1]! ** 2 - 2 * m[n - 2]! ** 2) / (1 - 2 * an ** 2 - 2 * an1 ** 2);
  for (let i = 2; i < n - 2; i++) a[i] = m[i]! / Math.sqrt(phi);
  a[n - 1] = an;
  a[n - 2] = an1;
  a[0] = -an;
  a[1] = -an1;
  if (swCache.size > 64) swCache.clear();
  swCache.set(n, a);
  return a;
}

/**
 * The Shapiro–Wilk W statistic of a sample (12 ≤ n ≤ 5000): near 1 for normal data, lower the further
 * from normal. Returns 1 for a constant sample (no evidence either way).
 */
export function shapiroWilkW(sample: ArrayLike<number>): number {
  const n = sample.length;
  if (n < 12 || n > 5000) throw new Error(`shapiroWilkW needs 12..5000 values, got ${n}`);
  const x = Float64Array.from(sample).sort();
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2;
  if (ss <= 1e-18 * n) return 1;
  const a = swCoefficients(n);
  let num = 0;
  for (let i = 0; i < n; i++) num += a[i]! * x[i]!;
  return Math.min(1, (num * num) / ss);
}

/** Normalises counts into probabilities with a small floor, so logs stay finite on empty bins. */
function probs(counts: ArrayLike<number>, eps = 1e-4): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  const p = new Float64Array(counts.length);
  let z = 0;
  for (let i = 0; i < counts.length; i++) {
    p[i] = Math.max((counts[i] ?? 0) / (total || 1), eps);
    z += p[i]!;
  }
  for (let i = 0; i < p.length; i++) p[i] = p[i]! / z;
  return p;
}

/** Population stability index between two histograms over the same bins. */
export function psi(ref: ArrayLike<number>, live: ArrayLike<number>): number {
  const p = probs(ref);
  const q = probs(live);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (q[i]! - p[i]!) * Math.log(q[i]! / p[i]!);
  return s;
}

/** Jensen–Shannon distance (base 2, in [0, 1]) between two histograms over the same bins. */
export function jensenShannon(ref: ArrayLike<number>, live: ArrayLike<number>): number {
  const p = probs(ref, 1e-12);
  const q = probs(live, 1e-12);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i]! + q[i]!) / 2;
    s += 0.5 * p[i]! * Math.log2(p[i]! / m) + 0.5 * q[i]! * Math.log2(q[i]! / m);
  }
  return Math.sqrt(Math.max(0, s));
}

/** Kolmogorov–Smirnov distance between two histograms over the same ordered bins. */
export function ksBinned(ref: ArrayLike<number>, live: ArrayLike<number>): number {
  const p = probs(ref, 0);
  const q = probs(live, 0);
  let a = 0;
  let b = 0;
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    a += p[i]!;
    b += q[i]!;
    d = Math.max(d, Math.abs(a - b));
  }
  return d;
}

/**
 * Wasserstein-1 distance between two histograms whose bins have the given representative values
 * (ascending): the area between the CDFs, in the feature's own units.
 */
export function wassersteinBinned(
  ref: ArrayLike<number>,
  live: ArrayLike<number>,
  centers: ArrayLike<number>,
): number {
  const p = probs(ref, 0);
  const q = probs(live, 0);
  let a = 0;
  let b = 0;
  let s = 0;
  for (let i = 0; i < p.length - 1; i++) {
    a += p[i]!;
    b += q[i]!;
    s += Math.abs(a - b) * (centers[i + 1]! - centers[i]!);
  }
  return s;
}

/** Quantile of the chi-square distribution (Wilson–Hilferty; good to ~1% for df ≥ 3 in the tail). */
export function chiSquareQuantile(p: number, df: number): number {
  const z = normalQuantile(p);
  const h = 2 / (9 * df);
  return df * Math.max(0, 1 - h + z * Math.sqrt(h)) ** 3;
}

/** Mean and variance of a sample. */
export function meanVar(x: ArrayLike<number>): { mean: number; variance: number } {
  const n = x.length;
  if (n === 0) return { mean: 0, variance: 0 };
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i]!;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i]! - m) ** 2;
  return { mean: m, variance: n > 1 ? v / (n - 1) : 0 };
}
