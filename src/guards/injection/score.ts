// Scoring one text: normalised once (with a map back to the original offsets), every feature's weight
// summed into prefix sums, then each instance — overlapping fixed windows, and every segment (line or
// sentence) with its lead words — scored in O(1) by the linear model plus the family rules, and the
// maximum kept. Windows keep a payload at character 20,000 from being diluted; segments let a single
// instruction spliced into an e-mail or a table stand on its own.

import { accumulate, leadHashes, MAX_LEAD } from './lib/features.ts';
import { type Model, sigmoid } from './lib/model.ts';
import { normalizeMapped } from './lib/normalize.ts';
import { type Family, familiesIn, familyCount, familyHits } from './lib/rules.ts';
import { segmentRole, segments } from './lib/segments.ts';

/** Window size and overlap the committed model was trained with; the guard's defaults. */
export const DEFAULT_WINDOW = 500;
export const DEFAULT_OVERLAP = 150;

export interface WindowOptions {
  /** Characters of normalised text per window (default DEFAULT_WINDOW). */
  readonly window?: number;
  /** Characters shared by neighbouring windows (default DEFAULT_OVERLAP), so a phrase on a border is whole once. */
  readonly overlap?: number;
  /** Stops between windows when aborted (the guard's time budget). */
  readonly signal?: AbortSignal;
}

export interface TextScore {
  /** Calibrated probability of the highest-scoring window, 0..1. */
  readonly score: number;
  /** The window that scored highest, in the original text's offsets. */
  readonly start: number;
  readonly end: number;
  /** Rule families that matched in that window. */
  readonly families: readonly Family[];
}

/**
 * Every instance of a normalised text of `length` characters whose segments are `segs` (from
 * lib/segments.ts), as flat triples `[start, end, role]`: the windows (role 0), then the segments
 * (role 1–4). Scoring and training visit them in this order.
 */
export function instances(
  length: number,
  segs: Int32Array,
  opts: Pick<WindowOptions, 'window' | 'overlap'> = {},
): Int32Array {
  const size = Math.max(64, opts.window ?? DEFAULT_WINDOW);
  const overlap = Math.min(size - 1, Math.max(0, opts.overlap ?? DEFAULT_OVERLAP));
  const small = Math.max(32, Math.floor(size / 4));
  const smallStep = Math.max(1, Math.floor(small / 2));
  const nWin = tiles(length, size, size - overlap) + (length > small ? tiles(length, small, smallStep) : 0);
  const nSeg = segs.length / 2;
  const out = new Int32Array(3 * (nWin + nSeg));
  let w = tile(out, 0, length, size, size - overlap);
  if (length > small) w = tile(out, w, length, small, smallStep);
  for (let k = 0; k < nSeg; k++) {
    out[w++] = segs[2 * k]!;
    out[w++] = segs[2 * k + 1]!;
    out[w++] = segmentRole(k, nSeg);
  }
  return out;
}

// Prefix-sum scratch reused across calls (scoring is synchronous): a megabyte needs 12 MB of it, and
// allocating that per request is garbage-collector work. Texts past SCRATCH_MAX get their own arrays,
// so one huge request does not pin its memory.
const SCRATCH_MAX = 1 << 21;
let scratchSum = new Float64Array(0);
let scratchCount = new Int32Array(0);

/**
 * Scores a text of any length in overlapping windows and its segments, and returns the best one.
 *
 * @example
 * const s = scoreText(loadModel(), doc);
 * if (s.score >= model.threshold) console.log('injection near', s.start, s.end);
 */
export function scoreText(model: Model, text: string, opts: WindowOptions = {}): TextScore {
  const norm = normalizeMapped(text);
  const t = norm.text;
  const L = t.length;
  let sum: Float64Array;
  let count: Int32Array;
  if (L + 1 > SCRATCH_MAX) {
    sum = new Float64Array(L + 1);
    count = new Int32Array(L + 1);
  } else {
    if (scratchSum.length < L + 1) {
      scratchSum = new Float64Array(Math.min(SCRATCH_MAX, Math.max(L + 1, 2 * scratchSum.length)));
      scratchCount = new Int32Array(scratchSum.length);
    } else {
      scratchSum.fill(0, 0, L + 1);
      scratchCount.fill(0, 0, L + 1);
    }
    sum = scratchSum;
    count = scratchCount;
  }
  accumulate(t, model.weights, model.mask, sum, count);
  let rs = 0;
  let rc = 0;
  for (let i = 1; i <= L; i++) {
    rs += sum[i]!;
    rc += count[i]!;
    sum[i] = rs;
    count[i] = rc;
  }
  const hits = familyHits(t);
  const lead = new Uint32Array(MAX_LEAD);
  const w = model.weights;
  const mask = model.mask;
  const scale = model.scale;
  let bz = -Infinity;
  let ba = 0;
  let bb = 0;
  const all = instances(L, segments(t), opts);
  for (let x = 0; x < all.length; x += 3) {
    if ((x & 0x3ff) === 0 && opts.signal?.aborted) break;
    const a = all[x]!;
    const b = all[x + 1]!;
    const role = all[x + 2]!;
    let s = sum[b]! - sum[a]!;
    let n = count[b]! - count[a]!;
    if (role > 0) {
      const m = leadHashes(t, a, b, role, lead);
      for (let j = 0; j < m; j++) {
        const h = lead[j]!;
        s += h & 0x80000000 ? -w[h & mask]! : w[h & mask]!;
      }
      n += m;
    }
    let z = n > 0 ? model.bias + (s * scale) / Math.sqrt(n) : model.bias;
    if (hits.size > 0) z += Math.min(model.ruleCap, model.ruleBoost * familyCount(hits, a, b));
    if (z > bz) {
      bz = z;
      ba = a;
      bb = b;
    }
  }
  const best = { z: bz, a: ba, b: bb, families: hits.size > 0 ? familiesIn(hits, ba, bb) : [] };
  return {
    score: sigmoid(best.z),
    start: norm.offsets[best.a]!,
    end: best.b >= L ? text.length : norm.offsets[best.b]!,
    families: best.families,
  };
}

/**
 * The `[start, end)` windows over `length` characters: full windows of `window` characters (the last
 * aligned to the end) and, when the text is longer than one small window, windows of a quarter of that
 * size, so a one-sentence payload in a long benign paragraph is not diluted.
 */
export function windows(
  length: number,
  opts: Pick<WindowOptions, 'window' | 'overlap'> = {},
): [number, number][] {
  const all = instances(length, new Int32Array(0), opts);
  const out: [number, number][] = [];
  for (let x = 0; x < all.length; x += 3) out.push([all[x]!, all[x + 1]!]);
  return out;
}

/** How many windows of `size` every `step` characters cover `length` characters. */
function tiles(length: number, size: number, step: number): number {
  return length <= size ? 1 : Math.ceil((length - size) / step) + 1;
}

/** Writes those windows as triples into `out` from index `w`; returns the next index. */
function tile(out: Int32Array, w: number, length: number, size: number, step: number): number {
  for (let start = 0; ; start += step) {
    const s = Math.max(0, Math.min(start, length - size));
    const end = Math.min(length, s + size);
    out[w++] = s;
    out[w++] = end;
    out[w++] = 0;
    if (end >= length) return w;
  }
}
