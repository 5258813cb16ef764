// Text normalisation for the injection detector: folds the tricks that make one attack look like many
// (fullwidth and math letters, homoglyphs, leetspeak, invisible and tag characters, spaced-out letters,
// markdown emphasis) so features and rules see one spelling. One linear pass after NFKD.

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

const decoder = new TextDecoder('utf-16le');

/**
 * Buffers reused across calls of normalizeInScratch (scoring is synchronous): a megabyte needs ~18 MB
 * of them, and allocating that per request is garbage-collector work. Texts past SCRATCH_MAX get their
 * own, so one huge request does not pin its memory.
 */
const SCRATCH_MAX = 1 << 21;
const scratch = {
  c1: new Uint16Array(0),
  o1: new Int32Array(0),
  out: new Uint16Array(0),
  off: new Int32Array(0),
};

/** Pass 1 state: the folded characters, their origins, and how many. Grows, never drops. */
class Buffer1 {
  c: Uint16Array;
  o: Int32Array;
  m = 0;
  constructor(n: number, reuse: boolean) {
    // A little room for folds that add characters (a space before a glued capital), so a megabyte
    // rarely has to grow and copy.
    const size = n + (n >> 3) + 16;
    if (reuse && size <= SCRATCH_MAX) {
      if (scratch.c1.length < size) {
        scratch.c1 = new Uint16Array(size);
        scratch.o1 = new Int32Array(size);
      }
      this.c = scratch.c1;
      this.o = scratch.o1;
    } else {
      this.c = new Uint16Array(size);
      this.o = new Int32Array(size);
    }
  }
  /** Appends with whitespace and repeated-punctuation collapsing. */
  emit(c: number, at: number): void {
    const m = this.m;
    const prev = m > 0 ? this.c[m - 1]! : -1;
    if (c === NL) {
      if (prev === SPACE) this.c[m - 1] = NL;
      else if (prev !== NL) this.push(NL, at);
      return;
    }
    const k = CLASS[c]!;
    if (k & BLANK) {
      if (prev !== SPACE && prev !== NL && prev !== -1) this.push(SPACE, at);
      return;
    }
    if (c === prev && (!(k & WORD) || this.runOf3(c))) return;
    this.push(c, at);
  }
  /** Are the last three characters all `c`? A longer run of one letter or digit is kept at three. */
  runOf3(c: number): boolean {
    const m = this.m;
    return m >= 3 && this.c[m - 1] === c && this.c[m - 2] === c && this.c[m - 3] === c;
  }
  push(c: number, at: number): void {
    if (this.m + 1 >= this.c.length) {
      // A fold can expand one character into many (NFKD of ligatures).
      const c2 = new Uint16Array(this.c.length * 2);
      c2.set(this.c);
      this.c = c2;
      const o2 = new Int32Array(this.o.length * 2);
      o2.set(this.o);
      this.o = o2;
    }
    this.c[this.m] = c;
    this.o[this.m++] = at;
  }
}

/**
 * Normalises text for scoring: NFKD, Latin diacritics removed, lower case, tag characters decoded to
 * ASCII, invisibles and emphasis dropped, homoglyphs and leetspeak folded inside words with Latin
 * letters, letters spaced out one by one (`i g n o r e`) joined, whitespace runs collapsed to one space
 * (a newline wins), runs of one punctuation mark collapsed to one, and a space put where a capital
 * follows a lower-case letter (`reportIgnore` → `report ignore`). Linear in the input.
 */
export function normalizeMapped(input: string): Normalized {
  return normalizeCore(input, false);
}

/**
 * normalizeMapped whose `offsets` is a view into buffers the next call overwrites: for a caller that
 * is done with it before it normalises again (scoreText).
 */
export function normalizeInScratch(input: string): Normalized {
  return normalizeCore(input, true);
}

function normalizeCore(input: string, reuse: boolean): Normalized {
  const n = input.length;
  const b = new Buffer1(n, reuse);
  for (let i = 0; i < n; i++) {
    let c = input.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
        // The common case, a lower-case letter or digit: emit() would only append it, unless it makes
        // a run of one character longer than three (`noooooo`, 64 zeros), which is kept at three.
        if (b.runOf3(c)) continue;
        if (b.m + 1 >= b.c.length) b.push(c, i);
        else {
          b.c[b.m] = c;
          b.o[b.m++] = i;
        }
        continue;
      }
      if (c === 0x0d) {
        // CRLF is one line break; a lone CR is one too (not a word joiner).
        if (input.charCodeAt(i + 1) !== NL) b.emit(NL, i);
        continue;
      }
      if (CLASS[c]! & SKIP) continue;
      if (c >= 0x41 && c <= 0x5a) {
        // A capital glued to a lower-case letter starts a new word: `reportIgnore all…` hides
        // `ignore` from word features and rules otherwise.
        const p = i > 0 ? input.charCodeAt(i - 1) : 0;
        if (p >= 0x61 && p <= 0x7a) b.emit(SPACE, i);
        b.emit(c + 32, i);
        continue;
      }
      b.emit(c, i);
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
        if (c >= 0x20 && c <= 0x7e) b.emit(c >= 0x41 && c <= 0x5a ? c + 32 : c, at);
        continue;
      }
    } else if (CLASS[c]! & SKIP) continue;
    if (c === 0x2028 || c === 0x2029 || c === 0x85) {
      b.emit(NL, at);
      continue;
    }
    const f = foldPoint(cp);
    for (let k = 0; k < f.length; k++) b.emit(f.charCodeAt(k), at);
  }
  const c1 = b.c;
  const o1 = b.o;
  const m = b.m;
  // Pass 2: per word, fold homoglyphs and leetspeak when it has Latin letters; join spaced letters.
  let out: Uint16Array;
  let off: Int32Array;
  if (reuse && m + 1 <= SCRATCH_MAX) {
    if (scratch.out.length < m + 1) {
      scratch.out = new Uint16Array(Math.min(SCRATCH_MAX, Math.max(m + 1, 2 * scratch.out.length)));
      scratch.off = new Int32Array(scratch.out.length);
    }
    out = scratch.out;
    off = scratch.off;
  } else {
    out = new Uint16Array(m + 1);
    off = new Int32Array(m + 1);
  }
  let w = 0;
  let i = 0;
  while (i < m) {
    const c0 = c1[i]!;
    if (!(CLASS[c0]! & WORD)) {
      out[w] = c0;
      off[w++] = o1[i]!;
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
    // Spaced-out letters: a run of >= 4 single letters split by one space, dot or dash.
    if (j - i === 1 && CLASS[c0]! & LETTER) {
      let k = j;
      let joined = 1;
      const save = w;
      while (
        k + 1 < m &&
        (c1[k] === SPACE || c1[k] === 0x2e || c1[k] === 0x2d) &&
        CLASS[c1[k + 1]!]! & LETTER &&
        (k + 2 >= m || !(CLASS[c1[k + 2]!]! & WORD))
      ) {
        out[w] = c1[k + 1]!;
        off[w++] = o1[k + 1]!;
        joined++;
        k += 2;
      }
      if (joined >= 4) {
        i = k;
        continue;
      }
      w = save;
    }
    i = j;
  }
  off[w] = n;
  return { text: decoder.decode(out.subarray(0, w)), offsets: off.subarray(0, w + 1) };
}

/**
 * The normalised text alone.
 *
 * @example normalize('ＩＧＮＯＲＥ  all prev1ous instructi0ns') === 'ignore all previous instructions'
 */
export function normalize(text: string): string {
  return normalizeMapped(text).text;
}
