// Phone numbers, international: a linear scan picks candidate runs (digits with spaces, dashes, dots,
// slashes and brackets, 7–15 digits, ≤ 32 characters); libphonenumber-js then decides whether each is a
// valid number, as written with '+'/'00' or in one of the configured regions. Calling the library's
// own text finder costs about 2 ms per KB, so it is only ever handed these short candidates.

import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { type Hit, isAlnum, isDigit, isSpace } from './hit.ts';
import { type DigitRuns, digitRuns } from './runs.ts';

// A phone word just before a bare digit run (at most 16 characters back, no digit or line break
// between). Where one word starts another (`tel`, `telefon`, `telefono`), the longer comes first, so
// each match is the longest word there: a shorter one would only leave a longer gap.
const PHONE_WORD =
  /\b(?:phone|telefono|telefon|tel|call|mobile|cellulare|cell|fax|whatsapp|sms|handy|téléphone|portable|teléfono|móvil|bel|nummer|number|no\.|nr\.)/gi;

/** True when the run at `i` continues a word or code (`INV-2022…`, `#123…`, `a1…`). */
function glued(text: string, i: number): boolean {
  const p = text.charCodeAt(i - 1);
  if (isAlnum(p) || p === 43 || p === 35 || p === 95) return true; // alnum + # _
  return (p === 45 || p === 47) && i > 1 && isAlnum(text.charCodeAt(i - 2)); // INV-2022, a/123
}

const isPhoneSep = (c: number) => c === 32 || c === 45 || c === 46 || c === 47 || c === 40 || c === 41;

/**
 * Library calls one text may cost (about 10 µs each). Past them a candidate that passed every shape
 * test is reported on its shape alone (score 0.5): a text with thousands of phone-shaped runs is
 * machine-made, and over-masking it is the safe side. Identical candidates are judged once.
 */
export const MAX_LIBRARY_CALLS = 512;

/**
 * One text's phone search: library calls spent, the verdicts so far per candidate text (four to a
 * candidate: phone word before it or not, ISBN before it or not), and how far the text has been
 * searched for phone words (candidates come in text order, so it is searched once, lazily).
 */
interface Search {
  readonly memo: Map<string, (string | null | undefined)[]>;
  calls: number;
  /** Phone words are looked for from here on. */
  scanned: number;
  /** End of the next phone word found (-1: not looked for yet; Infinity: none left). */
  pending: number;
  /** End of the last phone word at or before the current candidate. */
  lastWord: number;
}

/** Is a phone word at most 16 characters before `at`, with no digit or line break after it? */
function phoneWordBefore(text: string, at: number, s: Search): boolean {
  for (;;) {
    if (s.pending === -1) {
      // Words starting more than 30 characters back are of no use to this or a later candidate.
      PHONE_WORD.lastIndex = Math.max(s.scanned, at - 30);
      s.pending = PHONE_WORD.test(text) ? PHONE_WORD.lastIndex : Number.POSITIVE_INFINITY;
      if (s.pending !== Number.POSITIVE_INFINITY) s.scanned = s.pending;
    }
    if (s.pending > at) break;
    s.lastWord = s.pending;
    s.pending = -1;
  }
  if (at - s.lastWord > 16) return false;
  for (let k = s.lastWord; k < at; k++) {
    const c = text.charCodeAt(k);
    if (isDigit(c) || c === 10) return false;
  }
  return true;
}

/**
 * ISBN right before `at` (what `/isbn(?:-1[03])?:?\s{0,2}$/i` matches), read backwards by hand: up to
 * two spaces, an optional `:`, an optional `-10` or `-13`, then `isbn` in any case.
 */
function isbnBefore(text: string, at: number): boolean {
  let k = at;
  for (let g = 0; g < 2 && k > 0 && isSpace(text.charCodeAt(k - 1)); g++) k--;
  if (k > 0 && text.charCodeAt(k - 1) === 58) k--;
  const d = text.charCodeAt(k - 1);
  if (k >= 3 && (d === 48 || d === 51) && text.charCodeAt(k - 2) === 49 && text.charCodeAt(k - 3) === 45)
    k -= 3;
  return (
    k >= 4 &&
    (text.charCodeAt(k - 4) | 32) === 105 && // i
    (text.charCodeAt(k - 3) | 32) === 115 && // s
    (text.charCodeAt(k - 2) | 32) === 98 && // b
    (text.charCodeAt(k - 1) | 32) === 110 // n
  );
}

/**
 * The phone candidate starting at `i`, or none; returns where the search goes on. A candidate is a
 * run of digits and separators after an optional `+` or `(`, read at most 32 characters far.
 */
function phoneAt(
  text: string,
  i: number,
  regions: readonly CountryCode[],
  search: Search,
  out: Hit[],
): number {
  const n = text.length;
  const c = text.charCodeAt(i);
  const opener = c === 43 || c === 40; // '+' or '('
  let j = opener ? i + 1 : i;
  let digits = 0;
  let lastDigit = -1;
  let run = 0; // consecutive separators: ') ' and ' (' are fine, '---' is not
  while (j < n && j - i < 32) {
    const ch = text.charCodeAt(j);
    if (isDigit(ch)) {
      digits++;
      lastDigit = j;
      run = 0;
    } else if (isPhoneSep(ch) && run < 2) {
      run++;
    } else break;
    j++;
  }
  const end = lastDigit + 1;
  const tooLong = j - i >= 32 && j < n && (isDigit(text.charCodeAt(j)) || isPhoneSep(text.charCodeAt(j)));
  if (digits >= 7 && digits <= 15 && !tooLong && !(end < n && isAlnum(text.charCodeAt(end)))) {
    const cand = text.slice(i, end);
    const seps = cand.length - digits - (c === 43 ? 1 : 0); // inner separators only
    // Whether a phone word comes before a bare run, and an ISBN label before any: a verdict depends on these.
    const word = seps === 0 && phoneWordBefore(text, i, search);
    const isbn = isbnBefore(text, i);
    const slot = (word ? 2 : 0) + (isbn ? 1 : 0);
    let verdicts = search.memo.get(cand);
    let hit = verdicts?.[slot];
    let score = 1;
    if (hit === undefined) {
      if (search.calls < MAX_LIBRARY_CALLS) {
        search.calls++;
        hit = judge(cand, c, seps, word, isbn, regions) ?? null;
        if (!verdicts) search.memo.set(cand, (verdicts = [undefined, undefined, undefined, undefined]));
        verdicts[slot] = hit;
      } else {
        hit = shapeOnly(cand, c, seps, word, isbn);
        score = 0.5;
      }
    }
    if (hit) {
      out.push({ start: i, end, type: 'phone', score, key: hit });
      return end;
    }
  }
  // Skip the rest of this run: a phone cannot start inside it.
  let k = Math.max(i + 1, end > i ? end : i + 1);
  while (k < n && isDigit(text.charCodeAt(k))) k++;
  return k;
}

/**
 * Valid phone numbers; `regions` are tried in order for numbers written without a country code.
 * Candidates start at a digit run, or at a `+` or `(` at most three characters before one (a
 * candidate needs digits within two separators of its opener).
 */
export function findPhones(
  text: string,
  regions: readonly CountryCode[],
  runs: DigitRuns = digitRuns(text),
): Hit[] {
  const out: Hit[] = [];
  const search: Search = {
    memo: new Map(),
    calls: 0,
    scanned: 0,
    pending: -1,
    lastWord: Number.NEGATIVE_INFINITY,
  };
  const { count, starts, ends, before, after } = runs;
  let next = 0; // where the search goes on after the last candidate
  for (let r = 0; r < count; r++) {
    const d = starts[r]!;
    if (d + 1 < next) continue;
    // Seven digits at least: this run's, or the next run's too, at most two separators away.
    if (ends[r]! - d < 7 && !(r + 1 < count && starts[r + 1]! - ends[r]! <= 2 && isPhoneSep(after[r]!)))
      continue;
    // An opener reaches the digits only over separators, so it needs one (or itself) right before them.
    const b = before[r]!;
    const from = b === 43 || isPhoneSep(b) ? Math.max(next, d - 3, r > 0 ? ends[r - 1]! : 0) : d;
    for (let p = from; p <= d; p++) {
      if (p < next) continue;
      const c = text.charCodeAt(p);
      if (p < d && c !== 43 && c !== 40) continue;
      if (p > 0 && glued(text, p)) continue;
      next = phoneAt(text, p, regions, search, out);
    }
  }
  return out;
}

function judge(
  cand: string,
  first: number,
  seps: number,
  word: boolean,
  isbn: boolean,
  regions: readonly CountryCode[],
): string | undefined {
  // Dates (12.03.2024, (2024-03-12), 12/03/2024) are not phone numbers.
  if (/^\(?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\)?$/.test(cand)) return undefined;
  // Nor are ISBNs.
  if (isbn) return undefined;
  // Nor are dotted quads (IPv4) or version strings.
  if (/^\d{1,3}(?:\.\d{1,3}){2,3}$/.test(cand)) return undefined;
  if (first === 43 || cand.startsWith('00')) {
    const p = parsePhoneNumberFromString(first === 43 ? cand : `+${cand.slice(2)}`);
    return p?.isValid() ? p.number : undefined;
  }
  // A bare digit run is an order number as often as a phone: only with a phone word just before.
  if (seps === 0 && !word) return undefined;
  for (const r of regions) {
    const p = parsePhoneNumberFromString(cand, r);
    if (p?.isValid()) return p.number;
  }
  return undefined;
}

/** The shape tests of `judge` without the library: the key is the digits, with `+` when written. */
function shapeOnly(cand: string, first: number, seps: number, word: boolean, isbn: boolean): string | null {
  if (/^\(?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\)?$/.test(cand)) return null;
  if (isbn) return null;
  if (/^\d{1,3}(?:\.\d{1,3}){2,3}$/.test(cand)) return null;
  if (first !== 43 && !cand.startsWith('00') && seps === 0 && !word) return null;
  const digits = cand.replace(/\D/g, '');
  return first === 43 ? `+${digits}` : digits;
}
