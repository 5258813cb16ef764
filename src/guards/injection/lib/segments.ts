// Segments of normalised text: its lines, and long lines cut at sentence ends. A segment is the unit
// an embedded instruction occupies ("Explain relativity." as one line of an e-mail), so the model
// scores each on its own beside the fixed windows; one linear pass, no regular expressions.

import type { Chars } from './chars.ts';
import { int32, Scratch } from './scratch.ts';

/** A sentence shorter than this stays joined to the next one. */
const MIN_SENTENCE = 20;

const SPACE = 0x20;
const NL = 0x0a;

function isEnd(c: number): boolean {
  return c === 0x2e || c === 0x3f || c === 0x21; // . ? !
}

// The pairs are written into a buffer reused across calls (lib/scratch.ts): a megabyte of short lines
// has 130,000 segments.
const REUSED = new Scratch(int32, 1 << 20, 256);

/**
 * `[start, end)` pairs, flattened (`out[2k]`, `out[2k+1]`), of the segments of `t`: each line with
 * surrounding spaces trimmed, cut after `.`, `?` or `!` followed by a space once the piece is at least
 * 20 characters long. Pieces shorter than two characters are dropped. The result is a view into
 * scratch, valid until the next call.
 *
 * @example
 * segments(charsOf('hi david.\nexplain relativity!')) // → [0, 9, 10, 29]
 */
export function segments(t: Chars): Int32Array {
  let out = REUSED.atLeast(256);
  let w = 0;
  const n = t.length;
  let a = 0;
  while (a <= n) {
    let e = a;
    while (e < n && t[e] !== NL) e++;
    // One line [a, e): trimmed, then cut after sentence ends.
    let s = a;
    let f = e;
    while (s < f && t[s] === SPACE) s++;
    while (f > s && t[f - 1] === SPACE) f--;
    if (f - s >= 2) {
      let start = s;
      for (let i = s; i < f - 1; i++) {
        if (t[i + 1] === SPACE && isEnd(t[i]!) && i + 1 - start >= MIN_SENTENCE) {
          if (w + 2 > out.length) out = REUSED.grown(out);
          out[w++] = start;
          out[w++] = i + 1;
          start = i + 2;
        }
      }
      if (f - start >= 2) {
        if (w + 2 > out.length) out = REUSED.grown(out);
        out[w++] = start;
        out[w++] = f;
      }
    }
    a = e + 1;
  }
  return out.subarray(0, w);
}

/** Where a segment sits: 1 the only one, 2 the first of several, 3 inside, 4 the last. */
export function segmentRole(k: number, count: number): number {
  return count === 1 ? 1 : k === 0 ? 2 : k === count - 1 ? 4 : 3;
}
