// Scoring one text: normalised once (with a map back to the original offsets), every feature's weight
// summed into prefix sums, then each instance — overlapping fixed windows, and every segment (line or
// sentence) with its lead words — scored in O(1) by the linear model plus the family rules, and the
// maximum kept. Windows keep a payload at character 20,000 from being diluted; segments let a single
// instruction spliced into an e-mail or a table stand on its own.

import { leadHashes, MAX_LEAD, prefixSums } from './lib/features.ts';
import { type Model, sigmoid } from './lib/model.ts';
import { normalizeInScratch } from './lib/normalize.ts';
import { type Family, familiesIn, familyCounter, familyHits } from './lib/rules.ts';
import {
  DEFAULT_OVERLAP,
  DEFAULT_WINDOW,
  instances,
  instancesInScratch,
  type WindowShape,
  windows,
} from './lib/instances.ts';
import { float64, int32, Scratch } from './lib/scratch.ts';
import { segments } from './lib/segments.ts';

export { DEFAULT_OVERLAP, DEFAULT_WINDOW, instances, windows };

export interface WindowOptions extends WindowShape {
  /** The guard's time budget: when aborted, scoring throws between instances. */
  readonly signal?: AbortSignal;
}

export interface TextScore {
  /** Calibrated probability of the highest-scoring instance (window or segment), 0..1. */
  readonly score: number;
  /** The instance that scored highest, in the original text's offsets. */
  readonly start: number;
  readonly end: number;
  /** Rule families that matched in that instance. */
  readonly families: readonly Family[];
}

// The prefix sums, reused across calls (lib/scratch.ts): a megabyte needs 12 MB of them.
const SUMS = new Scratch(float64, 1 << 21);
const COUNTS = new Scratch(int32, 1 << 21);

/**
 * Scores a text of any length in overlapping windows and its segments, and returns the best one.
 *
 * @example
 * const s = scoreText(loadModel(), doc);
 * if (s.score >= model.threshold) console.log('injection near', s.start, s.end);
 */
export function scoreText(model: Model, text: string, opts: WindowOptions = {}): TextScore {
  const norm = normalizeInScratch(text);
  const t = norm.chars;
  const L = t.length;
  const sum = SUMS.atLeast(L + 1);
  const count = COUNTS.atLeast(L + 1);
  prefixSums(t, model.weights, model.mask, sum, count);
  const hits = familyHits(t);
  const familyCount = familyCounter(hits);
  const lead = new Uint32Array(MAX_LEAD);
  const w = model.weights;
  const mask = model.mask;
  const scale = model.scale;
  let bz = -Infinity;
  let ba = 0;
  let bb = 0;
  const all = instancesInScratch(L, segments(t), opts);
  for (let x = 0; x < all.length; x += 3) {
    // Out of time: an error, never a quiet low score (the runner then fails closed).
    if ((x & 0x3ff) === 0 && opts.signal?.aborted) throw new Error('injection: time budget exhausted');
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
    if (hits.size > 0) z += Math.min(model.ruleCap, model.ruleBoost * familyCount(a, b));
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
