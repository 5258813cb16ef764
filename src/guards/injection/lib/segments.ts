// Segments of normalised text: its lines, and long lines cut at sentence ends. A segment is the unit
// an embedded instruction occupies ("Explain relativity." as one line of an e-mail), so the model
// scores each on its own beside the fixed windows; one linear pass, no regular expressions.

/** A sentence shorter than this stays joined to the next one. */
const MIN_SENTENCE = 20;

const SPACE = 0x20;
const NL = 0x0a;

function isEnd(c: number): boolean {
  return c === 0x2e || c === 0x3f || c === 0x21; // . ? !
}

/**
 * `[start, end)` pairs, flattened (`out[2k]`, `out[2k+1]`), of the segments of `t`: each line with
 * surrounding spaces trimmed, cut after `.`, `?` or `!` followed by a space once the piece is at least
 * 20 characters long. Pieces shorter than two characters are dropped.
 *
 * @example
 * segments('hi david.\nexplain relativity!') // → [0, 9, 10, 29]
 */
export function segments(t: string): Int32Array {
  const out: number[] = [];
  const push = (s: number, e: number) => {
    while (s < e && t.charCodeAt(s) === SPACE) s++;
    while (e > s && t.charCodeAt(e - 1) === SPACE) e--;
    if (e - s < 2) return;
    let start = s;
    for (let i = s; i < e - 1; i++) {
      if (isEnd(t.charCodeAt(i)) && t.charCodeAt(i + 1) === SPACE && i + 1 - start >= MIN_SENTENCE) {
        out.push(start, i + 1);
        start = i + 2;
      }
    }
    if (e - start >= 2) out.push(start, e);
  };
  let a = 0;
  for (let i = 0; i <= t.length; i++) {
    if (i === t.length || t.charCodeAt(i) === NL) {
      push(a, i);
      a = i + 1;
    }
  }
  return Int32Array.from(out);
}

/** Where a segment sits: 1 the only one, 2 the first of several, 3 inside, 4 the last. */
export function segmentRole(k: number, count: number): number {
  return count === 1 ? 1 : k === 0 ? 2 : k === count - 1 ? 4 : 3;
}
