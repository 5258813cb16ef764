// Text normalisation for the injection detector: folds the tricks that make one attack look like many
// (fullwidth and math letters, homoglyphs, leetspeak, invisible and tag characters, spaced-out letters,
// markdown emphasis) so features and rules see one spelling. One linear pass after NFKD.

/** Cyrillic and Greek letters that look like Latin ones; folded only inside words that mix scripts. */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
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
};

/** Digits and symbols read as letters inside a word that has letters (`1gn0r3` → `ignore`). */
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
};

/** Characters dropped outright: markdown emphasis and code marks that split words (`ig*no*re`). */
const DROP = new Set(['*', '_', '~', '`', '\u00AD']);

function isInvisible(c: number): boolean {
  return (
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x2060 && c <= 0x2064) ||
    c === 0xfeff ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    c === 0x034f ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069)
  );
}

function isLetter(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase();
}

function isWordChar(ch: string): boolean {
  return isLetter(ch) || (ch >= '0' && ch <= '9') || ch === '@' || ch === '$';
}

/**
 * Normalises text for scoring: NFKD, Latin diacritics removed, lower case, tag characters decoded to
 * ASCII, invisibles and emphasis dropped, homoglyphs and leetspeak folded inside mixed words, letters
 * spaced out one by one (`i g n o r e`) joined, whitespace runs collapsed to one space (newlines kept)
 * and runs of one punctuation mark collapsed to one. Linear in the input.
 *
 * @example normalize('ＩＧＮＯＲＥ  all prev1ous instructi0ns') === 'ignore all previous instructions'
 */
export function normalize(text: string): string {
  const src = text.normalize('NFKD').toLowerCase();
  // Pass 1: drop, decode tags, collapse whitespace and repeated punctuation.
  const chars: string[] = [];
  for (let i = 0; i < src.length; i++) {
    let c = src.charCodeAt(i);
    let ch = src[i]!;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < src.length) {
      const cp = src.codePointAt(i)!;
      i++;
      if (cp >= 0xe0020 && cp <= 0xe007e) {
        ch = String.fromCharCode(cp - 0xe0000).toLowerCase();
        c = ch.charCodeAt(0);
      } else if (cp >= 0xe0000 && cp <= 0xe007f) continue;
      else {
        chars.push(String.fromCodePoint(cp));
        continue;
      }
    }
    if ((c >= 0x0300 && c <= 0x036f) || isInvisible(c) || DROP.has(ch)) continue;
    if (ch === '\r') continue;
    const prev = chars.length > 0 ? chars[chars.length - 1]! : '';
    if (ch === '\n') {
      if (prev === ' ') chars[chars.length - 1] = '\n';
      else if (prev !== '\n') chars.push('\n');
      continue;
    }
    if (ch === ' ' || ch === '\t' || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000) {
      if (prev !== ' ' && prev !== '\n' && prev !== '') chars.push(' ');
      continue;
    }
    if (ch === prev && !isWordChar(ch)) continue;
    chars.push(ch);
  }
  // Pass 2: per word, fold homoglyphs and leetspeak when the word has Latin letters; join spaced letters.
  let out = '';
  let i = 0;
  while (i < chars.length) {
    if (!isWordChar(chars[i]!)) {
      out += chars[i]!;
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && isWordChar(chars[j]!)) j++;
    out += foldWord(chars, i, j);
    // Spaced-out letters: a run of >= 4 single-letter words split by one separator.
    if (j - i === 1 && isLetter(chars[i]!)) {
      let k = j;
      let joined = '';
      let n = 1;
      while (
        k + 1 < chars.length &&
        (chars[k] === ' ' || chars[k] === '.' || chars[k] === '-') &&
        isLetter(chars[k + 1]!) &&
        (k + 2 >= chars.length || !isWordChar(chars[k + 2]!))
      ) {
        joined += chars[k + 1]!;
        n++;
        k += 2;
      }
      if (n >= 4) {
        out += joined;
        i = k;
        continue;
      }
    }
    i = j;
  }
  return out;
}

function foldWord(chars: readonly string[], start: number, end: number): string {
  let latin = false;
  let other = false;
  for (let k = start; k < end; k++) {
    const ch = chars[k]!;
    if (ch >= 'a' && ch <= 'z') latin = true;
    else if (isLetter(ch) && HOMOGLYPHS[ch] === undefined) other = true;
  }
  let w = '';
  for (let k = start; k < end; k++) {
    const ch = chars[k]!;
    const h = latin && !other ? HOMOGLYPHS[ch] : undefined;
    const l = latin ? LEET[ch] : undefined;
    w += h ?? l ?? (ch === '@' || ch === '$' ? '' : ch);
  }
  return w;
}
