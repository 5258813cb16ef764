// Near-duplicate lookup: character 5-gram sets of the normalised text, compared by Jaccard. Reference
// texts are indexed by MinHash bands (16 bands of 4 rows: a pair at Jaccard 0.8 shares a band with
// probability 0.9998), and every candidate pair is then checked exactly, only when the two sets' sizes
// allow the threshold (|A| / |B| >= t). Exact duplicates (same normalised text) are found first.

import { normalise } from './lib.ts';

const N = 5;
const BANDS = 16;
const ROWS = 4;
const HASHES = BANDS * ROWS;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Distinct hashed character n-grams of a normalised text (the whole text when shorter than n). */
export function shingles(norm: string): Set<number> {
  const out = new Set<number>();
  if (norm.length <= N) out.add(fnv1a(norm));
  for (let i = 0; i + N <= norm.length; i++) out.add(fnv1a(norm.slice(i, i + N)));
  return out;
}

// Fixed odd multipliers and offsets of the MinHash permutations (deterministic, no seed needed).
const MUL = Array.from({ length: HASHES }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) | 1) >>> 0);
const ADD = Array.from({ length: HASHES }, (_, i) => Math.imul(i + 7, 0x85ebca6b) >>> 0);

function bandKeys(set: Set<number>): string[] {
  const mins = new Array<number>(HASHES).fill(0xffffffff);
  for (const x of set) {
    for (let k = 0; k < HASHES; k++) {
      let h = (Math.imul(x, MUL[k]!) + ADD[k]!) >>> 0;
      h ^= h >>> 15;
      h = Math.imul(h, 0x2c1b3c6d) >>> 0;
      if (h < mins[k]!) mins[k] = h;
    }
  }
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) keys.push(`${b}:${mins.slice(b * ROWS, b * ROWS + ROWS).join(',')}`);
  return keys;
}

export function jaccard(a: Set<number>, b: Set<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Reference texts to test candidates against: exact (normalised) and near (Jaccard >= threshold). */
export class NearDupIndex {
  readonly threshold: number;
  private readonly exact = new Set<string>();
  private readonly sets: Set<number>[] = [];
  private readonly bands = new Map<string, number[]>();

  constructor(threshold = 0.8) {
    this.threshold = threshold;
  }

  add(text: string): void {
    const norm = normalise(text);
    if (this.exact.has(norm)) return;
    this.exact.add(norm);
    const set = shingles(norm);
    const id = this.sets.push(set) - 1;
    for (const key of bandKeys(set)) {
      const ids = this.bands.get(key);
      if (ids) ids.push(id);
      else this.bands.set(key, [id]);
    }
  }

  /** 'exact', 'near' or undefined when the text is new. */
  match(text: string): 'exact' | 'near' | undefined {
    const norm = normalise(text);
    if (this.exact.has(norm)) return 'exact';
    const set = shingles(norm);
    const seen = new Set<number>();
    for (const key of bandKeys(set)) {
      for (const id of this.bands.get(key) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const other = this.sets[id]!;
        const ratio = Math.min(set.size, other.size) / Math.max(set.size, other.size);
        if (ratio >= this.threshold && jaccard(set, other) >= this.threshold) return 'near';
      }
    }
    return undefined;
  }
}
