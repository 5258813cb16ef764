// Hashed features of normalised text: character 3- and 5-grams and word 1–2-grams, each hashed (FNV-1a
// then a murmur finaliser) into 2^bits signed buckets, plus the lead words of each segment. Shared by
// training and scoring, so both see exactly the same feature space. No strings are built per n-gram.

import { type Chars, WORD_CHAR } from './chars.ts';

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
export function eachFeature(text: Chars, sink: (hash: number, position: number) => void): number {
  const n = text.length;
  let count = 0;
  // Character 3- and 5-grams (spaces and punctuation included: `ore all` carries word joins). The
  // 4-grams were dropped: as accurate without them (docs/detection.md), and a third less work per char.
  for (let i = 0; i + 3 <= n; i++) {
    let h = FNV_OFFSET;
    const top = Math.min(5, n - i);
    for (let k = 0; k < top; k++) {
      h = Math.imul(h ^ text[i + k]!, FNV_PRIME);
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
    if (!isWord(text[i]!)) {
      i++;
      continue;
    }
    let h = WORD_SEED;
    const start = i;
    while (i < n && isWord(text[i]!)) {
      h = Math.imul(h ^ text[i]!, FNV_PRIME);
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
export function leadHashes(text: Chars, a: number, b: number, role: number, out: Uint32Array): number {
  const len = b - a;
  const band = len < 24 ? 1 : len < 48 ? 2 : len < 96 ? 3 : len < 192 ? 4 : 5;
  out[0] = fmix(LEAD_SEED ^ Math.imul(band * 8 + role, 0x9e3779b1));
  let i = a;
  while (i < b && !isWord(text[i]!)) i++;
  if (i >= b) return 1;
  // Lead words are read up to LEAD_WORD characters: a longer "word" is noise, and a megabyte of one
  // letter must not be walked again per segment.
  let h1 = WORD_SEED;
  for (const stop = Math.min(b, i + LEAD_WORD); i < stop && isWord(text[i]!); i++)
    h1 = Math.imul(h1 ^ text[i]!, FNV_PRIME);
  const r = Math.imul(role + 1, 0x27d4eb2f);
  out[1] = fmix(h1 ^ LEAD_SEED);
  out[2] = fmix(h1 ^ LEAD_SEED ^ r);
  if (i < b && isWord(text[i]!)) return 3; // a first word past LEAD_WORD: no bigram
  while (i < b && !isWord(text[i]!)) i++;
  if (i >= b) return 3;
  let h2 = h1;
  for (const stop = Math.min(b, i + LEAD_WORD); i < stop && isWord(text[i]!); i++)
    h2 = Math.imul(h2 ^ text[i]!, FNV_PRIME);
  out[3] = fmix(Math.imul(h2 ^ 0x20, FNV_PRIME) ^ LEAD_SEED ^ r ^ 0x5bd1e995);
  return 4;
}

/** Most lead features a segment has (the size of leadHashes' output). */
export const MAX_LEAD = 4;

/** Feature hashes of a text ordered by start position, with the positions (training cuts instances from them). */
export function positionedFeatures(text: Chars): { hashes: Uint32Array; positions: Int32Array } {
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
 * The scoring fast path of eachFeature, as prefix sums: after it, `sum[i]` is the signed weight of
 * every feature starting before `i` and `count[i]` how many there are (index 0 holds 0), so any
 * window's total is two reads. No callback per feature, one pass per feature kind, and the prefix
 * is taken in the character pass. `sum` and `count` need `text.length + 1` entries; their old
 * contents are overwritten. Must hash exactly as eachFeature does (a test pins the two together).
 */
export function prefixSums(
  text: Chars,
  weights: Int16Array,
  mask: number,
  sum: Float64Array,
  count: Int32Array,
): void {
  const n = text.length;
  sum.fill(0, 0, n + 1);
  count.fill(0, 0, n + 1);
  // Words first, as deltas at their start (the character pass below turns them into the prefix).
  let prev = 0;
  let havePrev = false;
  let i = 0;
  while (i < n) {
    if (WORD_CHAR[text[i]!] !== 1) {
      i++;
      continue;
    }
    let h = WORD_SEED;
    const start = i;
    for (let c = text[i]!; WORD_CHAR[c] === 1; c = text[i]!) {
      h = Math.imul(h ^ c, FNV_PRIME);
      if (++i === n) break;
    }
    let f = fmix(h);
    let s = f & 0x80000000 ? -weights[f & mask]! : weights[f & mask]!;
    let c = 1;
    if (havePrev) {
      f = fmix(Math.imul(prev ^ ((h << 7) | (h >>> 25)), FNV_PRIME) ^ 0x5bd1e995);
      s += f & 0x80000000 ? -weights[f & mask]! : weights[f & mask]!;
      c++;
    }
    sum[start + 1] = s;
    count[start + 1] = c;
    prev = h;
    havePrev = true;
  }
  // Character 3- and 5-grams, folding in the word deltas as the running totals go.
  let run = 0;
  let runCount = 0;
  for (i = 0; i < n; i++) {
    let s = sum[i + 1]!;
    let c = count[i + 1]!;
    if (i + 3 <= n) {
      const a = Math.imul(
        Math.imul(Math.imul(FNV_OFFSET ^ text[i]!, FNV_PRIME) ^ text[i + 1]!, FNV_PRIME) ^ text[i + 2]!,
        FNV_PRIME,
      );
      let f = fmix(a ^ 2);
      s += f & 0x80000000 ? -weights[f & mask]! : weights[f & mask]!;
      c++;
      if (i + 5 <= n) {
        f = fmix(Math.imul(Math.imul(a ^ text[i + 3]!, FNV_PRIME) ^ text[i + 4]!, FNV_PRIME) ^ 4);
        s += f & 0x80000000 ? -weights[f & mask]! : weights[f & mask]!;
        c++;
      }
    }
    run += s;
    runCount += c;
    sum[i + 1] = run;
    count[i + 1] = runCount;
  }
}
