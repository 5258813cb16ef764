// Street addresses: a house number next to a street-type word, in English, German, Dutch, French,
// Spanish and Italian. Every house number is a digit run; the words beside it decide which patterns
// can match before any is tried.

import { type Hit, isSpace } from './hit.ts';
import { type DigitRuns, digitRuns } from './runs.ts';

const NAME_WORD = "\\p{Lu}[\\p{L}'’.]{0,24}";
/** A word in either capitalisation (`[Rr]ue`), so the rest of the pattern stays case-sensitive. */
const cap = (words: string) =>
  words
    .split('|')
    .map((w) => (/^\p{Ll}/u.test(w) ? `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}` : w))
    .join('|');

// Number first, matched sticky at a house number: "1600 Pennsylvania Avenue", "72 Cassin Grove".
const EN_TYPES =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Grove|Gardens|Hill|Hills|Park|Row|Mews|Walk|Circle|Cir|Trail|Motorway|Field|Fields|Green|Heights|Rise|Vale|View|Wharf|Yard|Loop|Alley|Bridge|Causeway|Plaza|Ridge|Path|Pike|Port|Point|Garden|Hollow|Meadow|Meadows|Orchard|Pass|Run|Spring|Springs|Station|Track|Tunnel|Turnpike|Valley|Village|Ville|Vista|Estate|Estates|Junction|Mall|Mill|Mills|Manor|Lodge|Bend|Brook|Creek|Crossing|Cove|Glen|Harbor|Haven|Knoll|Landing|Mount|Oval|Pines|Ranch|Shore|Shores|Summit|Trace|Mead|Chase|Croft|Parade|Approach|Brae|Grange|Wynd|Garth|Gate|Copse|Glade|Paddock';
const EN = new RegExp(`\\d{1,5}[A-Za-z]?\\s{1,2}(?:${NAME_WORD}\\s{1,2}){1,4}(?:${EN_TYPES})\\b\\.?`, 'uy');
// "12 rue de la Paix", "72 Boulevard de Seine", "2 Voie d'Argenteuil"
const ARTICLES_FR = "(?:(?:d['’]|de |du |des |la |le |l['’])\\s?){0,2}";
const FR_TYPES =
  'rue|avenue|av.|boulevard|bd|place|chemin|allée|impasse|quai|route|voie|cours|square|passage|rond-point';
const FR = new RegExp(
  `\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s{1,2}(?:${cap(FR_TYPES)})\\s{1,2}${ARTICLES_FR}${NAME_WORD}(?:[ -]${NAME_WORD}){0,3}`,
  'uy',
);

// Number last: the words before the number decide. "Hauptstraße 5", "Sürderstr. 22c", "Kerkstraat 12"…
const COMPOUND_WORDS =
  'straße|strasse|str.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|hof|straat|laan|plein|gracht|kade|dijk|singel|plantsoen|dreef|pad|steeg|park|berg';
const COMPOUND_END = new RegExp(`(?:${COMPOUND_WORDS.replace(/\./g, '\\.')})$`, 'iu');
/** A character as COMPOUND_END's case-insensitive Unicode matching sees it (the letters its words use). */
function fold(c: number): number {
  if (c >= 65 && c <= 90) return c | 32;
  if (c === 0x212a) return 107; // Kelvin sign: k
  if (c === 0x17f) return 115; // long s: s
  if (c === 0x1e9e) return 0xdf; // capital sharp s: ß
  return c;
}
// Three characters packed into a small integer (ten bits each): a collision only costs a regex call.
const tail3 = (a: number, b: number, c: number) => ((a & 1023) << 20) | ((b & 1023) << 10) | (c & 1023);
/** The last three characters of every compound street word, folded. */
const COMPOUND_TAILS = new Set(
  COMPOUND_WORDS.split('|').map((w) =>
    tail3(w.charCodeAt(w.length - 3), w.charCodeAt(w.length - 2), w.charCodeAt(w.length - 1)),
  ),
);
/** Could COMPOUND_END match a word ending at `end` (-1: shorter than every compound word)? */
function compoundTail(text: string, end: number): boolean {
  if (end < 0) return false;
  const a = fold(text.charCodeAt(end - 3));
  const b = fold(text.charCodeAt(end - 2));
  return COMPOUND_TAILS.has(tail3(a, b, fold(text.charCodeAt(end - 1))));
}

// … "Via Roma 10", "Calle Mayor, 5", "Piazza Alba 62", "Vía Pública Iván, 46"
const LEAD_WORDS = new Set(
  'via|viale|piazza|piazzale|corso|largo|vicolo|contrada|borgo|strada|rotonda|calle|avenida|avda.|paseo|plaza|carrera|camino|carretera|ronda|travesía|arrabal|glorieta|callejón|rambla|c/|vía|cuesta|pasaje|urbanización|subida|bajada|jardines|avinguda|carrer'.split(
    '|',
  ),
);
const ARTICLES = new Set(
  'de|del|della|delle|dei|di|la|el|los|las|der|den|am|an|im|auf|van|het|op'.split('|'),
);
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c < 0x2000);
const isDigitCode = (c: number) => c >= 48 && c <= 57;
const UPPER_START = /^\p{Lu}/u;
const LOWER_START = /^\p{Ll}/u;
const isLetterish = (c: string) => /[\p{L}'’./]/u.test(c);

// The words before a house number, nearest first, as [start, end) pairs: filled by wordsBefore and
// read right after it, so a candidate that fails makes no strings or arrays.
const MAX_WORDS = 6;
const wordStart = new Int32Array(MAX_WORDS);
const wordEnd = new Int32Array(MAX_WORDS);

/** Up to six words before `end` into wordStart/wordEnd, nearest first; single spaces/hyphens/commas between. */
function wordsBefore(text: string, end: number): number {
  let count = 0;
  let i = end;
  while (count < MAX_WORDS) {
    let gap = 0;
    while (i > 0 && gap < 3) {
      const c = text.charCodeAt(i - 1);
      if (c !== 32 && c !== 44 && c !== 45) break;
      i--;
      gap++;
    }
    if (gap === 0 && count > 0) break;
    const e = i;
    while (i > 0 && e - i < 26 && isLetterishCode(text.charCodeAt(i - 1))) i--;
    if (i === e) break;
    // A sentence ends before a dotted word (`Vilma. See 978`); only the word by the number may be `Str.`.
    if (count > 0 && text.charCodeAt(e - 1) === 46) break;
    wordStart[count] = i;
    wordEnd[count] = e;
    count++;
  }
  return count;
}

/** Street addresses: a house number (a digit run of at most five) beside a street name with a street-type word. */
export function findAddresses(text: string, runs: DigitRuns = digitRuns(text)): Hit[] {
  const out: Hit[] = [];
  const n = text.length;
  const { count, starts, ends } = runs;
  let lastEnd = 0;
  for (let r = 0; r < count; r++) {
    const i = starts[r]!;
    const j = ends[r]!;
    // A house number stands alone: space (or a line start, or a comma) before, space/letter/comma after.
    const before = i > 0 ? runs.before[r]! : 32;
    if (j - i > 5 || !(before === 32 || before === 10 || before === 9 || before === 44 || before === 40))
      continue;
    if (i < lastEnd) continue;
    const after = j < n ? runs.after[r]! : 32;
    const firstOk = after === 32 || after === 44 || (isLetter(after) && text.charCodeAt(j + 1) === 32);
    let hit: [number, number] | undefined;
    // Number first. A cheap look at the first word decides which patterns can match at all, so a
    // run of numbers or of unrelated words costs no regex call.
    // A digit run right after the space or comma leaves no word to start.
    const digitsNext = (after === 32 || after === 44) && r + 1 < count && starts[r + 1] === j + 1;
    const first = firstOk && !digitsNext ? firstWordAfter(text, j) : 0;
    if (first !== 0 && maybeUpper(first) && secondCapital(text, j)) hit = matchAt(EN, text, i);
    if (first !== 0 && !hit && frTypeNext(text, j)) hit = matchAt(FR, text, i);
    // Number last: a word ends at most three spaces, commas or hyphens before the number.
    if (!hit && j - i <= 4 && (before === 32 || before === 44) && wordBefore(text, i))
      hit = numberLast(text, i, j);
    if (hit && hit[0] >= lastEnd) {
      const s = hit[0];
      let e = hit[1];
      while (e > s && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 44)) e--;
      out.push({
        start: s,
        end: e,
        type: 'street_address',
        score: 0.9,
        key: text.slice(s, e).toLowerCase(),
      });
      lastEnd = e;
    }
  }
  return out;
}

/** The span of sticky `re` matched at `at`, if it matches. */
function matchAt(re: RegExp, text: string, at: number): [number, number] | undefined {
  re.lastIndex = at;
  const m = re.exec(text);
  return m ? [at, at + m[0].length] : undefined;
}

const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** Could start a capitalised word: an ASCII capital, or any non-ASCII letter (left to the pattern). */
const maybeUpper = (c: number) => (c >= 65 && c <= 90) || c >= 0xc0;
/** FR's street-type words by the code of their first letter (lower case). */
const FR_TYPE_WORDS: (string[] | undefined)[] = [];
for (const w of FR_TYPES.split('|')) (FR_TYPE_WORDS[w.charCodeAt(0)] ??= []).push(w);

/**
 * Could FR match at the house number ending at `j`? Its street-type word (`rue`, `Avenue`…) is the
 * first word after the number, or the one after `bis` / `ter`, and the street name's capital comes at
 * most 12 characters after it (two spaces and two articles, `de la`): a look at both spares the pattern.
 */
function frTypeNext(text: string, j: number): boolean {
  let k = skipSpaces(text, j);
  let c = text.charCodeAt(k);
  if ((c === 98 || c === 116) && (text.startsWith('bis', k) || text.startsWith('ter', k))) {
    k = skipSpaces(text, k + 3);
    c = text.charCodeAt(k);
  }
  const words = c < 128 ? FR_TYPE_WORDS[c | 32] : undefined;
  if (!words) return false;
  for (const w of words) if (typeAt(text, k, w) && upperWithin(text, k + w.length, 13)) return true;
  return false;
}

/** Past up to three spaces (anything `\s` matches) or commas. */
function skipSpaces(text: string, k: number): number {
  for (let g = 0; g < 3 && k < text.length; g++) {
    const c = text.charCodeAt(k);
    if (!isSpace(c) && c !== 44) break;
    k++;
  }
  return k;
}

/** Does the rest of FR's alternative `w` match at `k` (`.` is any character but a line break)? */
function typeAt(text: string, k: number, w: string): boolean {
  if (k + w.length > text.length) return false;
  for (let m = 1; m < w.length; m++) {
    const c = text.charCodeAt(k + m);
    if (w[m] === '.' ? c === 10 || c === 13 || c === 0x2028 || c === 0x2029 : c !== w.charCodeAt(m))
      return false;
  }
  return true;
}
/** Is there a possible upper-case letter (ASCII or not) in `text[from, from + len)`? */
function upperWithin(text: string, from: number, len: number): boolean {
  const stop = Math.min(text.length, from + len);
  for (let k = from; k < stop; k++) {
    const c = text.charCodeAt(k);
    if ((c >= 65 && c <= 90) || c >= 0xc0) return true;
  }
  return false;
}

/**
 * The first character of the word after the house number ending at `j` (past one letter suffix and
 * up to three spaces or commas), when it is a letter; else 0.
 */
function firstWordAfter(text: string, j: number): number {
  let k = j;
  if (isAsciiLetter(text.charCodeAt(k))) k++;
  for (let g = 0; g < 3 && k < text.length; g++) {
    const c = text.charCodeAt(k);
    if (c > 32 && c !== 44 && !isSpace(c)) break;
    k++;
  }
  const c = text.charCodeAt(k);
  return isAsciiLetter(c) || c >= 0xc0 ? c : 0;
}

/** EN needs two capitalised words after the number (a name and the street type): is the second one? */
function secondCapital(text: string, j: number): boolean {
  let k = isAsciiLetter(text.charCodeAt(j)) ? j + 1 : j;
  while (k < text.length && k - j < 4 && isBlank(text.charCodeAt(k))) k++;
  const stop = Math.min(text.length, k + 27);
  while (k < stop && !isBlank(text.charCodeAt(k))) k++;
  const from = k;
  while (k < text.length && k - from < 2 && isBlank(text.charCodeAt(k))) k++;
  return k > from && maybeUpper(text.charCodeAt(k));
}

/** ASCII controls and space, and what else `\s` matches. */
const isBlank = (c: number) => c <= 32 || isSpace(c);

/** Letters (any script), apostrophes, dots and slashes: what wordsBefore reads as a word. */
const isLetterishCode = (c: number) =>
  isAsciiLetter(c) ||
  c === 39 ||
  c === 0x2019 ||
  c === 46 ||
  c === 47 ||
  (c >= 0x80 && isLetterish(String.fromCharCode(c)));
/** Letters of any script and digits. */
const isWordCode = (c: number) =>
  isAsciiLetter(c) || (c >= 48 && c <= 57) || (c >= 0x80 && /\p{L}/u.test(String.fromCharCode(c)));

/** Does a word end right before `i`, past up to three spaces, commas or hyphens? */
function wordBefore(text: string, i: number): boolean {
  let b = i;
  for (let g = 0; g < 3 && b > 0; g++) {
    const c = text.charCodeAt(b - 1);
    if (c !== 32 && c !== 44 && c !== 45) break;
    b--;
  }
  return b > 0 && isLetterishCode(text.charCodeAt(b - 1));
}

/** A street name ending just before the house number at [i, j) (after wordBefore), or undefined. */
function numberLast(text: string, i: number, j: number): [number, number] | undefined {
  // House number suffix: "22c", "35b", "605 I", "s/n".
  let e = j;
  if (isAsciiLetter(text.charCodeAt(e)) && !isWordCode(text.charCodeAt(e + 1))) e++;
  // Not a house number when it continues: 24/7, 978-1-…, 3.5, 10:30.
  const ce = text.charCodeAt(e);
  if (
    isWordCode(ce) ||
    ((ce === 47 || ce === 58 || ce === 46 || ce === 45) && isDigitCode(text.charCodeAt(e + 1)))
  )
    return undefined;
  const count = wordsBefore(text, i);
  if (count === 0) return undefined;
  const w0s = wordStart[0]!;
  // Compound street word right before the number, with up to two capitalised words before it.
  if (
    compoundTail(text, wordEnd[0]! - w0s >= 3 ? wordEnd[0]! : -1) &&
    COMPOUND_END.test(text.slice(w0s, wordEnd[0]!)) &&
    (upperAt(text, w0s) || lowerAt(text, w0s))
  ) {
    let start = w0s;
    for (let k = 1; k < Math.min(count, 3); k++) {
      if (!upperAt(text, wordStart[k]!)) break;
      start = wordStart[k]!;
    }
    return [start, e];
  }
  // A lead word (via, calle…) within five words, every word between capitalised or an article, the
  // one after the lead word capitalised.
  if (!upperAt(text, w0s) && !isArticle(text, 0)) return undefined;
  for (let k = 1; k < count; k++) {
    const w = text.slice(wordStart[k]!, wordEnd[k]!).toLowerCase();
    if (LEAD_WORDS.has(w)) return upperAt(text, wordStart[k - 1]!) ? [wordStart[k]!, e] : undefined;
    if (!upperAt(text, wordStart[k]!) && !ARTICLES.has(w)) return undefined;
  }
  return undefined;
}

/** Is word `k` (of wordsBefore) an article? None is longer than five characters. */
function isArticle(text: string, k: number): boolean {
  return (
    wordEnd[k]! - wordStart[k]! <= 5 && ARTICLES.has(text.slice(wordStart[k]!, wordEnd[k]!).toLowerCase())
  );
}

/** Does the word at `at` start with an upper-case letter (`\p{Lu}`)? ASCII without a regex. */
function upperAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER_START.test(String.fromCodePoint(text.codePointAt(at)!));
}

/** Does the word at `at` start with a lower-case letter (`\p{Ll}`)? ASCII without a regex. */
function lowerAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 128) return c >= 97 && c <= 122;
  return LOWER_START.test(String.fromCodePoint(text.codePointAt(at)!));
}
