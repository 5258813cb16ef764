// The instances a text is scored as: overlapping windows of two sizes, then its segments (lines and
// sentences). Scoring (score.ts) and training (fit.ts) both take them from here, in this order.

import { int32, Scratch } from './scratch.ts';
import { segmentRole } from './segments.ts';

/** Window size and overlap the committed model was trained with; the guard's defaults. */
export const DEFAULT_WINDOW = 500;
export const DEFAULT_OVERLAP = 150;

/** Window size and overlap for instances(). */
export interface WindowShape {
  /** Characters of normalised text per window (default DEFAULT_WINDOW). */
  readonly window?: number;
  /** Characters shared by neighbouring windows (default DEFAULT_OVERLAP), so a phrase on a border is whole once. */
  readonly overlap?: number;
}

/**
 * Every instance of a normalised text of `length` characters whose segments are `segs` (from
 * lib/segments.ts), as flat triples `[start, end, role]`: the windows (role 0), then the segments
 * (role 1–4). Scoring and training visit them in this order.
 */
export function instances(length: number, segs: Int32Array, opts: WindowShape = {}): Int32Array {
  return instancesInto(length, segs, opts, false);
}

// Reused by instancesInScratch (lib/scratch.ts).
const REUSED = new Scratch(int32, 1 << 21);

/** instances() written into a buffer the next call overwrites: for scoring, done with it before it scores again. */
export function instancesInScratch(length: number, segs: Int32Array, opts: WindowShape = {}): Int32Array {
  return instancesInto(length, segs, opts, true);
}

function instancesInto(length: number, segs: Int32Array, opts: WindowShape, reuse: boolean): Int32Array {
  const size = Math.max(64, opts.window ?? DEFAULT_WINDOW);
  const overlap = Math.min(size - 1, Math.max(0, opts.overlap ?? DEFAULT_OVERLAP));
  const small = Math.max(32, Math.floor(size / 4));
  const smallStep = Math.max(1, Math.floor(small / 2));
  const nWin = tiles(length, size, size - overlap) + (length > small ? tiles(length, small, smallStep) : 0);
  const nSeg = segs.length / 2;
  const room = 3 * (nWin + nSeg);
  const out = reuse ? REUSED.atLeast(room).subarray(0, room) : new Int32Array(room);
  let w = tile(out, 0, length, size, size - overlap);
  if (length > small) w = tile(out, w, length, small, smallStep);
  for (let k = 0; k < nSeg; k++) {
    out[w++] = segs[2 * k]!;
    out[w++] = segs[2 * k + 1]!;
    out[w++] = segmentRole(k, nSeg);
  }
  return out;
}

/**
 * The `[start, end)` windows over `length` characters: full windows of `window` characters (the last
 * aligned to the end) and, when the text is longer than one small window, windows of a quarter of that
 * size, so a one-sentence payload in a long benign paragraph is not diluted.
 */
export function windows(length: number, opts: WindowShape = {}): [number, number][] {
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
