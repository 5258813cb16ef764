// Text normalisation for the injection detector: folds the tricks that make one attack look like many
// (fullwidth and math letters, homoglyphs, leetspeak, invisible and tag characters, spaced-out letters,
// markdown emphasis) so features and rules see one spelling. One linear pass after NFKD.

import type { Chars } from './chars.ts';
import { doubled, int32, Scratch, uint16 } from './scratch.ts';

const code = (c: string) => c.charCodeAt(0);
const table = (pairs: Record<string, string>) =>
  new Map(Object.entries(pairs).map(([k, v]) => [code(k), code(v)] as [number, number]));

/** Cyrillic and Greek letters that look like Latin ones; folded only inside words that mix scripts. */
const HOMOGLYPHS = table({
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
  ӏ: 'l',
  ү: 'y',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
});

/** Digits and symbols read as letters inside a word that has Latin letters (`1gn0r3` → `ignore`). */
const LEET = table({
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
});

const SPACE = 0x20;
const NL = 0x0a;

// Character classes of the Basic Multilingual Plane, computed once: lookups instead of string calls.
const LETTER = 1;
const WORD = 2;
const BLANK = 4;
const SKIP = 8;
const CLASS = new Uint8Array(65_536);
for (let c = 0; c < 65_536; c++) {
  let k = 0;
  if (c >= 0xd800 && c <= 0xdfff) {
    CLASS[c] = 0;
    continue;
  }
  const ch = String.fromCharCode(c);
  const letter =
    ch.toLowerCase() !== ch.toUpperCase() ||
    (c >= 0x0900 && c <= 0x0e7f) ||
    (c >= 0x3040 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7af);
  if (letter) k |= LETTER | WORD;
  if ((c >= 0x30 && c <= 0x39) || c === 0x40 || c === 0x24) k |= WORD;
  if (
    c === SPACE ||
    c === 0x09 ||
    c === 0x0b ||
    c === 0x0c ||
    c === 0xa0 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x3000
  )
    k |= BLANK;
  // Invisibles, bidi controls, variation selectors, soft hyphen; markdown marks that split words.
  if (
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x2060 && c <= 0x2064) ||
    c === 0xfeff ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    c === 0x034f ||
    c === 0x00ad ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0x2a ||
    c === 0x5f ||
    c === 0x7e ||
    c === 0x60
  )
    k |= SKIP;
  CLASS[c] = k;
}
const HOMO = new Uint16Array(65_536);
for (const [k, v] of HOMOGLYPHS) HOMO[k] = v;
const LEETS = new Uint16Array(128);
for (const [k, v] of LEET) LEETS[k] = v;

/**
 * Typographic punctuation NFKD leaves alone, as its ASCII form: curly quotes, dashes, the Mongolian
 * vowel separator. Otherwise `“ignore` or `instructions—print` reads as one word.
 */
const PUNCT_FOLD = new Map<number, string>([
  ...[0x2018, 0x2019, 0x201a, 0x201b, 0x2032, 0x02bc].map((c) => [c, "'"] as [number, string]),
  ...[0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0x00ab, 0x00bb, 0x2039, 0x203a].map(
    (c) => [c, '"'] as [number, string],
  ),
  ...[0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x2e3a, 0x2e3b].map(
    (c) => [c, '-'] as [number, string],
  ),
  [0x180e, ' '],
]);

/** NFKD, Latin diacritics removed, lower case, for one non-ASCII code point; cached. */
const foldCache = new Map<number, string>();
function foldPoint(cp: number): string {
  let f = foldCache.get(cp);
  if (f === undefined) {
    f = '';
    for (const ch of String.fromCodePoint(cp).normalize('NFKD').toLowerCase()) {
      const c = ch.codePointAt(0)!;
      if (!(c >= 0x0300 && c <= 0x036f)) f += PUNCT_FOLD.get(c) ?? ch;
    }
    // A compatibility fold that expands one character into many (U+FDFA is 18) would let a
    // megabyte become many; the character stands for itself instead.
    if (f.length > 4) f = String.fromCodePoint(cp).toLowerCase();
    if (foldCache.size < 65_536) foldCache.set(cp, f);
  }
  return f;
}

/** Normalised text and, per normalised character, the index of the original character it came from. */
export interface Normalized {
  readonly text: string;
  /** `offsets[i]` is the original index of `text[i]`; `offsets[text.length]` is the original length. */
  readonly offsets: Int32Array;
}

/** Normalized as code units, not decoded into a string (what scoring reads). */
export interface NormalizedChars {
  readonly chars: Chars;
  /** `offsets[i]` is the original index of `chars[i]`; `offsets[chars.length]` is the original length. */
  readonly offsets: Int32Array;
}

const decoder = new TextDecoder('utf-16le');

/** Buffers reused across calls of normalizeInScratch (lib/scratch.ts): a megabyte needs ~9 MB of them. */
const CHARS = new Scratch(uint16, 1 << 21);
const ORIGINS = new Scratch(int32, 1 << 21);

/** Most characters one input character can add in pass 1 (a fold is capped at 4; a glued capital adds a space). */
const MAX_EMIT = 8;

/** Pass 1's buffers: the folded characters and their origins. */
function pass1Buffers(n: number, reuse: boolean): { c: Uint16Array; o: Int32Array } {
  // Room for folds that add characters: a space before each glued capital (`aBaB…` grows by half)
  // and NFKD expansions, so a megabyte rarely has to grow and copy.
  const size = n + (n >> 1) + 16 + MAX_EMIT;
  if (!reuse) return { c: new Uint16Array(size), o: new Int32Array(size) };
  return { c: CHARS.atLeast(size), o: ORIGINS.atLeast(size) };
}

/**
 * Appends `c` (from original index `at`) at `m` with whitespace and repeated-character collapsing;
 * returns the new length. The caller guarantees room. A pure function over its arguments, so the
 * compiler inlines it into the loop.
 */
function put(buf: Uint16Array, org: Int32Array, m: number, c: number, at: number): number {
  const prev = m > 0 ? buf[m - 1]! : -1;
  if (c === NL) {
    if (prev === SPACE) buf[m - 1] = NL;
    else if (prev !== NL) {
      buf[m] = NL;
      org[m] = at;
      return m + 1;
    }
    return m;
  }
  const k = CLASS[c]!;
  if (k & BLANK) {
    if (prev === SPACE || prev === NL || prev === -1) return m;
    buf[m] = SPACE;
    org[m] = at;
    return m + 1;
  }
  // A repeated punctuation mark collapses to one; a run of one letter or digit is kept at three.
  if (c === prev && (!(k & WORD) || runOf3(buf, m, c))) return m;
  buf[m] = c;
  org[m] = at;
  return m + 1;
}

/** Are the last three characters before `m` all `c`? */
function runOf3(buf: Uint16Array, m: number, c: number): boolean {
  return m >= 3 && buf[m - 1] === c && buf[m - 2] === c && buf[m - 3] === c;
}

/**
 * Normalises text for scoring: NFKD, Latin diacritics removed, lower case, tag characters decoded to
 * ASCII, invisibles and emphasis dropped, homoglyphs and leetspeak folded inside words with Latin
 * letters, letters spaced out one by one (`i g n o r e`) joined, whitespace runs collapsed to one space
 * (a newline wins), runs of one punctuation mark collapsed to one, and a space put where a capital
 * follows a lower-case letter (`reportIgnore` → `report ignore`). Linear in the input.
 */
export function normalizeMapped(input: string): Normalized {
  const { chars, offsets } = normalizeCore(input, false);
  return { text: decoder.decode(chars), offsets };
}

/**
 * normalizeMapped as code units, both views into buffers the next call overwrites: for a caller that
 * is done with them before it normalises again (scoreText).
 */
export function normalizeInScratch(input: string): NormalizedChars {
  return normalizeCore(input, true);
}

function normalizeCore(input: string, reuse: boolean): NormalizedChars {
  const n = input.length;
  let { c: c1, o: o1 } = pass1Buffers(n, reuse);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (m + MAX_EMIT > c1.length) {
      // Folds expanded the text past the room set aside (NFKD of ligatures): double it, and keep
      // the larger buffers for the next call when they are scratch (never normalizeMapped's, which
      // its caller keeps).
      c1 = reuse ? CHARS.grown(c1) : doubled(c1, uint16);
      o1 = reuse ? ORIGINS.grown(o1) : doubled(o1, int32);
    }
    let c = input.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
        // The common case, a lower-case letter or digit: appended, unless it makes a run of one
        // character longer than three (`noooooo`, 64 zeros), which is kept at three.
        if (runOf3(c1, m, c)) continue;
        c1[m] = c;
        o1[m++] = i;
        continue;
      }
      if (c === 0x0d) {
        // CRLF is one line break; a lone CR is one too (not a word joiner).
        if (input.charCodeAt(i + 1) !== NL) m = put(c1, o1, m, NL, i);
        continue;
      }
      if (CLASS[c]! & SKIP) continue;
      if (c >= 0x41 && c <= 0x5a) {
        // A capital glued to a lower-case letter starts a new word: `reportIgnore all…` hides
        // `ignore` from word features and rules otherwise.
        const p = i > 0 ? input.charCodeAt(i - 1) : 0;
        if (p >= 0x61 && p <= 0x7a) m = put(c1, o1, m, SPACE, i);
        m = put(c1, o1, m, c + 32, i);
        continue;
      }
      m = put(c1, o1, m, c, i);
      continue;
    }
    const at = i;
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      cp = input.codePointAt(i)!;
      if (cp > 0xffff) i++;
      if (cp >= 0xe0000 && cp <= 0xe007f) {
        // Tag characters spell ASCII invisibly: decode them.
        c = cp - 0xe0000;
        if (c >= 0x20 && c <= 0x7e) m = put(c1, o1, m, c >= 0x41 && c <= 0x5a ? c + 32 : c, at);
        continue;
      }
    } else if (CLASS[c]! & SKIP) continue;
    // A surrogate without its pair becomes U+FFFD, as decoding the text to a string would make it:
    // training reads decoded strings, so scoring must see the same characters.
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (c === 0x2028 || c === 0x2029 || c === 0x85) {
      m = put(c1, o1, m, NL, at);
      continue;
    }
    const f = foldPoint(cp);
    for (let k = 0; k < f.length; k++) m = put(c1, o1, m, f.charCodeAt(k), at);
  }
  // Pass 2, in place (it only ever shortens): per word, fold homoglyphs and leetspeak when it has
  // Latin letters; join spaced letters. Until the first change `w === i`, and nothing is copied.
  const out = c1;
  const off = o1;
  let w = 0;
  let i = 0;
  while (i < m) {
    const c0 = c1[i]!;
    if (!(CLASS[c0]! & WORD)) {
      if (w !== i) {
        out[w] = c0;
        off[w] = o1[i]!;
      }
      w++;
      i++;
      continue;
    }
    let j = i;
    let latin = false;
    let other = false;
    let fold = false;
    while (j < m) {
      const c = c1[j]!;
      const k = CLASS[c]!;
      if (!(k & WORD)) break;
      if (c >= 0x61 && c <= 0x7a) latin = true;
      else if (c < 0x80) fold = true;
      else if (HOMO[c]) fold = true;
      else if (k & LETTER) other = true;
      j++;
    }
    if (!fold || !latin) {
      if (w === i) w = j;
      else
        for (let k = i; k < j; k++) {
          out[w] = c1[k]!;
          off[w++] = o1[k]!;
        }
    } else {
      for (let k = i; k < j; k++) {
        const c = c1[k]!;
        const h = other ? 0 : HOMO[c]!;
        const l = c < 0x80 ? LEETS[c]! : 0;
        const f = h || l;
        if (!f && (c === 0x40 || c === 0x24)) continue;
        out[w] = f || c;
        off[w++] = o1[k]!;
      }
    }
    // Spaced-out letters: a run of >= 4 single letters split by one space, dot or dash. Measured
    // first, then written, since writing in place would clobber what a shorter run leaves.
    if (j - i === 1 && CLASS[c0]! & LETTER) {
      let k = j;
      let joined = 1;
      while (
        k + 1 < m &&
        (c1[k] === SPACE || c1[k] === 0x2e || c1[k] === 0x2d) &&
        CLASS[c1[k + 1]!]! & LETTER &&
        (k + 2 >= m || !(CLASS[c1[k + 2]!]! & WORD))
      ) {
        joined++;
        k += 2;
      }
      if (joined >= 4) {
        for (let x = j; x < k; x += 2) {
          out[w] = c1[x + 1]!;
          off[w++] = o1[x + 1]!;
        }
        i = k;
        continue;
      }
    }
    i = j;
  }
  off[w] = n;
  return { chars: out.subarray(0, w), offsets: off.subarray(0, w + 1) };
}

/**
 * The normalised text alone.
 *
 * @example normalize('ＩＧＮＯＲＥ  all prev1ous instructi0ns') === 'ignore all previous instructions'
 */
export function normalize(text: string): string {
  return normalizeMapped(text).text;
}
