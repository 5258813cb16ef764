// Scoring one text: normalised once (with a map back to the original offsets), every feature's weight
// summed into prefix sums, then each instance — overlapping fixed windows, and every segment (line or
// sentence) with its lead words — scored in O(1) by the linear model plus the family rules, and the
// maximum kept. Windows keep a payload at character 20,000 from being diluted; segments let a single
// instruction spliced into an e-mail or a table stand on its own.

import { accumulate, leadHashes, MAX_LEAD } from './lib/features.ts';
import { type Model, sigmoid } from './lib/model.ts';
import { normalizeMapped } from './lib/normalize.ts';
import { type Family, familiesIn, familyHits } from './lib/rules.ts';
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

/** One scored piece of a normalised text: a window (role 0) or a segment (role 1–4, lib/segments.ts). */
export interface Instance {
  readonly start: number;
  readonly end: number;
  readonly role: number;
}

/** Every instance of a normalised text of this content, in the order scoring and training visit them. */
export function instances(t: string, opts: Pick<WindowOptions, 'window' | 'overlap'> = {}): Instance[] {
  const out: Instance[] = windows(t.length, opts).map(([start, end]) => ({ start, end, role: 0 }));
  const segs = segments(t);
  const n = segs.length / 2;
  for (let k = 0; k < n; k++)
    out.push({ start: segs[2 * k]!, end: segs[2 * k + 1]!, role: segmentRole(k, n) });
  return out;
}

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
  const sum = new Float64Array(L + 1);
  const count = new Float64Array(L + 1);
  accumulate(t, model.weights, model.mask, sum, count);
  for (let i = 1; i <= L; i++) {
    sum[i]! += sum[i - 1]!;
    count[i]! += count[i - 1]!;
  }
  const hits = familyHits(t);
  const lead = new Uint32Array(MAX_LEAD);
  const w = model.weights;
  const mask = model.mask;
  let best = { z: -Infinity, a: 0, b: 0, families: [] as Family[] };
  let k = 0;
  for (const { start: a, end: b, role } of instances(t, opts)) {
    if ((++k & 63) === 0 && opts.signal?.aborted) break;
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
    let z = n > 0 ? model.bias + s / Math.sqrt(n) : model.bias;
    const families = hits.size > 0 ? familiesIn(hits, a, b) : [];
    z += Math.min(model.ruleCap, model.ruleBoost * families.length);
    if (z > best.z) best = { z, a, b, families };
  }
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
  const size = Math.max(64, opts.window ?? DEFAULT_WINDOW);
  const overlap = Math.min(size - 1, Math.max(0, opts.overlap ?? DEFAULT_OVERLAP));
  const out = tile(length, size, size - overlap);
  const small = Math.max(32, Math.floor(size / 4));
  if (length > small) out.push(...tile(length, small, Math.max(1, Math.floor(small / 2))));
  return out;
}

function tile(length: number, size: number, step: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; ; start += step) {
    const s = Math.max(0, Math.min(start, length - size));
    const end = Math.min(length, s + size);
    out.push([s, end]);
    if (end >= length) break;
  }
  return out;
}
