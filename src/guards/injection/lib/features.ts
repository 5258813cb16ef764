// Hashed features of normalised text: character 3- and 5-grams and word 1–2-grams, each hashed (FNV-1a
// then a murmur finaliser) into 2^bits signed buckets, plus the lead words of each segment. Shared by
// training and scoring, so both see exactly the same feature space. No strings are built per n-gram.

import { WORD_CHAR } from './chars.ts';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x9e3779b9;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function isWord(c: number): boolean {
  return WORD_CHAR[c] === 1;
}

/**
 * Feature hashes of one text: `sink(hash, position)` once per occurrence, where position is the index
 * the n-gram or word starts at (windows take the features that start inside them). Returns the count.
 */
export function eachFeature(text: string, sink: (hash: number, position: number) => void): number {
  const n = text.length;
  let count = 0;
  // Character 3- and 5-grams (spaces and punctuation included: `ore all` carries word joins). The
  // 4-grams were dropped: as accurate without them (docs/detection.md), and a third less work per char.
  for (let i = 0; i + 3 <= n; i++) {
    let h = FNV_OFFSET;
    const top = Math.min(5, n - i);
    for (let k = 0; k < top; k++) {
      h = Math.imul(h ^ text.charCodeAt(i + k), FNV_PRIME);
      if (k === 2 || k === 4) {
        sink(fmix(h ^ k), i);
        count++;
      }
    }
  }
  // Word unigrams and bigrams.
  let prev = 0;
  let havePrev = false;
  let i = 0;
  while (i < n) {
    if (!isWord(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let h = WORD_SEED;
    const start = i;
    while (i < n && isWord(text.charCodeAt(i))) {
      h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
      i++;
    }
    sink(fmix(h), start);
    count++;
    if (havePrev) {
      sink(fmix(Math.imul(prev ^ ((h << 7) | (h >>> 25)), FNV_PRIME) ^ 0x5bd1e995), start);
      count++;
    }
    prev = h;
    havePrev = true;
  }
  return count;
}

const LEAD_SEED = 0x2545f491;
const LEAD_WORD = 40;

/**
 * The lead features of segment `[a, b)` whose place in the text is `role` (lib/segments.ts): its length
 * band with the role, its first word on its own, its first word with the role, and its first two words
 * with the role. A verb or a question word opening a line inside a document ("describe …", "what …")
 * is what an instruction spliced into data looks like; the length band lets a three-word line need
 * more evidence than a sentence. Writes up to four hashes into `out`; returns how many.
 */
export function leadHashes(text: string, a: number, b: number, role: number, out: Uint32Array): number {
  const len = b - a;
  const band = len < 24 ? 1 : len < 48 ? 2 : len < 96 ? 3 : len < 192 ? 4 : 5;
  out[0] = fmix(LEAD_SEED ^ Math.imul(band * 8 + role, 0x9e3779b1));
  let i = a;
  while (i < b && !isWord(text.charCodeAt(i))) i++;
  if (i >= b) return 1;
  // Lead words are read up to LEAD_WORD characters: a longer "word" is noise, and a megabyte of one
  // letter must not be walked again per segment.
  let h1 = WORD_SEED;
  for (const stop = Math.min(b, i + LEAD_WORD); i < stop && isWord(text.charCodeAt(i)); i++)
    h1 = Math.imul(h1 ^ text.charCodeAt(i), FNV_PRIME);
  const r = Math.imul(role + 1, 0x27d4eb2f);
  out[1] = fmix(h1 ^ LEAD_SEED);
  out[2] = fmix(h1 ^ LEAD_SEED ^ r);
  if (i < b && isWord(text.charCodeAt(i))) return 3; // a first word past LEAD_WORD: no bigram
  while (i < b && !isWord(text.charCodeAt(i))) i++;
  if (i >= b) return 3;
  let h2 = h1;
  for (const stop = Math.min(b, i + LEAD_WORD); i < stop && isWord(text.charCodeAt(i)); i++)
    h2 = Math.imul(h2 ^ text.charCodeAt(i), FNV_PRIME);
  out[3] = fmix(Math.imul(h2 ^ 0x20, FNV_PRIME) ^ LEAD_SEED ^ r ^ 0x5bd1e995);
  return 4;
}

/** Most lead features a segment has (the size of leadHashes' output). */
export const MAX_LEAD = 4;

/** Feature hashes of a text ordered by start position, with the positions (training cuts instances from them). */
export function positionedFeatures(text: string): { hashes: Uint32Array; positions: Int32Array } {
  const hs: number[] = [];
  const ps: number[] = [];
  eachFeature(text, (h, p) => {
    hs.push(h);
    ps.push(p);
  });
  // Counting sort by position (stable, linear): character n-grams and words were emitted in two passes.
  const counts = new Int32Array(text.length + 2);
  for (const p of ps) counts[p + 1]!++;
  for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
  const hashes = new Uint32Array(hs.length);
  const positions = new Int32Array(hs.length);
  for (let i = 0; i < hs.length; i++) {
    const at = counts[ps[i]!]!++;
    hashes[at] = hs[i]!;
    positions[at] = ps[i]!;
  }
  return { hashes, positions };
}

/**
 * The scoring fast path of eachFeature: adds each feature's signed weight at `sum[position + 1]` and
 * one at `count[position + 1]`, with no callback per feature. Must hash exactly as eachFeature does
 * (a test pins the two together).
 */
export function accumulate(
  text: string,
  weights: Int16Array,
  mask: number,
  sum: Float64Array,
  count: Int32Array,
): void {
  const n = text.length;
  const wt = (h: number): number => {
    const w = weights[h & mask]!;
    return h & 0x80000000 ? -w : w;
  };
  for (let i = 0; i + 3 <= n; i++) {
    const a = Math.imul(
      Math.imul(Math.imul(FNV_OFFSET ^ text.charCodeAt(i), FNV_PRIME) ^ text.charCodeAt(i + 1), FNV_PRIME) ^
        text.charCodeAt(i + 2),
      FNV_PRIME,
    );
    let s = wt(fmix(a ^ 2));
    let c = 1;
    if (i + 5 <= n) {
      const b = Math.imul(a ^ text.charCodeAt(i + 3), FNV_PRIME);
      s += wt(fmix(Math.imul(b ^ text.charCodeAt(i + 4), FNV_PRIME) ^ 4));
      c++;
    }
    sum[i + 1]! += s;
    count[i + 1]! += c;
  }
  let prev = 0;
  let havePrev = false;
  let i = 0;
  while (i < n) {
    if (!isWord(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let h = WORD_SEED;
    const start = i;
    while (i < n && isWord(text.charCodeAt(i))) {
      h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
      i++;
    }
    let s = wt(fmix(h));
    let c = 1;
    if (havePrev) {
      s += wt(fmix(Math.imul(prev ^ ((h << 7) | (h >>> 25)), FNV_PRIME) ^ 0x5bd1e995));
      c++;
    }
    sum[start + 1]! += s;
    count[start + 1]! += c;
    prev = h;
    havePrev = true;
  }
}
