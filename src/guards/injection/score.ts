// Scoring one text: overlapping windows, each normalised, scored by the linear model plus the family
// rules, the maximum kept. A window keeps an injection buried at character 20,000 from being diluted
// by the rest of a long document.

import { type Model, logit, sigmoid } from './lib/model.ts';
import { normalize } from './lib/normalize.ts';
import { type Family, matchFamilies } from './lib/rules.ts';

/** Window size and overlap the committed model was trained with; the guard's defaults. */
export const DEFAULT_WINDOW = 500;
export const DEFAULT_OVERLAP = 150;

export interface WindowOptions {
  /** Characters per window (default DEFAULT_WINDOW). */
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

/** Scores one already-cut window of text: model logit plus the rule boost, as a probability. */
export function scoreWindow(model: Model, text: string): { score: number; families: Family[] } {
  const norm = normalize(text);
  const families = matchFamilies(norm);
  const boost = Math.min(model.ruleCap, model.ruleBoost * families.length);
  return { score: sigmoid(logit(model, norm) + boost), families };
}

/**
 * Scores a text of any length in overlapping windows and returns the best window.
 *
 * @example
 * const s = scoreText(loadModel(), doc);
 * if (s.score >= model.threshold) console.log('injection near', s.start, s.end);
 */
export function scoreText(model: Model, text: string, opts: WindowOptions = {}): TextScore {
  let best: TextScore = { score: -1, start: 0, end: 0, families: [] };
  for (const [s, end] of windows(text.length, opts)) {
    if (opts.signal?.aborted) break;
    const r = scoreWindow(model, text.slice(s, end));
    if (r.score > best.score) best = { score: r.score, start: s, end, families: r.families };
  }
  return best;
}

/**
 * The `[start, end)` windows for a text of `length` characters: full windows of `window` characters
 * (the last aligned to the end), and when the text is longer than one small window, also windows of a
 * quarter of that size, so a one-sentence payload in a long benign paragraph is not diluted.
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
