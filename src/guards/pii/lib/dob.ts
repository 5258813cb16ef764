// Dates of birth: a date right after "born", "DOB", "Geburtsdatum", "né le"… Keywords are looked for
// only before digit runs, and a date only right after a keyword.

import type { Hit } from './hit.ts';
import { type DigitRuns, digitRuns } from './runs.ts';

const DOB_WORDS =
  /\b(?:born|dob|d\.o\.b\.?|date of birth|birth ?date|birthday|geburtsdatum|geb\.|geboren(?: am)?|née?(?: le)?|date de naissance|fecha de nacimiento|nacid[oa](?: el)?|data di nascita|nat[oa](?: il)?|geboortedatum)\b/giu;

const MONTHS = new Set(
  (
    'jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december ' +
    'januar jänner februar märz maerz mai juni juli oktober dezember ' +
    'janvier février fevrier mars avril juin juillet août aout septembre octobre novembre décembre decembre ' +
    'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre ' +
    'gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre ' +
    'januari februari maart mei augustus oktober'
  ).split(' '),
);

// Bounded, unambiguous patterns tried (sticky) right after a keyword; none reaches 48 characters.
const NUMERIC =
  /[\s:,=()-]{0,6}(?:on |am |le |el |il |op )?(\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?!\d)/iuy;
const DAY_MONTH =
  /[\s:,=()-]{0,6}(?:on |am |le |el |il |op )?(\d{1,2}(?:st|nd|rd|th|er|º)?\.?\s{1,2}(?:de\s)?(\p{L}{3,10})\.?,?\s{1,2}(?:de\s)?\d{4})(?!\d)/iuy;
const MONTH_DAY =
  /[\s:,=()-]{0,6}(?:on )?((\p{L}{3,10})\.?\s{1,2}\d{1,2}(?:st|nd|rd|th)?,?\s{1,2}\d{4})(?!\d)/iuy;

/** The longest keyword (`fecha de nacimiento`). */
const MAX_KEYWORD = 19;
/**
 * How far before a digit run a keyword can start and still lead to a date there: the first digit of
 * a date is at most 22 characters after its keyword (prefix, `on `, a month name, spaces), and the
 * keyword is at most 19 long; a little more, so a keyword that overlaps one in reach is seen as well.
 */
const REACH = 60;

/**
 * Dates that follow a date-of-birth keyword within a few characters. Every date has digits, so
 * keywords are only looked for in the stretch before each digit run (runs close together share one
 * search), and each keyword's date starts at the next digit run: its distance and length decide
 * which of the three patterns can match before any is tried.
 */
export function findBirthDates(text: string, runs: DigitRuns = digitRuns(text)): Hit[] {
  const out: Hit[] = [];
  const { count, starts } = runs;
  const n = text.length;
  let cursor = 0; // keywords are looked for from here on: past the last keyword or date
  let dr = 0; // the first digit run at or after the last keyword
  for (let r = 0; r < count;) {
    const from = Math.max(cursor, starts[r]! - REACH);
    // Keywords starting in [from, to) can reach runs r..q-1.
    let to = starts[r]!;
    let q = r + 1;
    while (q < count && starts[q]! - REACH <= to) to = starts[q++]!;
    r = q;
    if (from >= to) continue;
    const base = Math.max(0, from - 1); // one character before, for `\b`
    const win = text.slice(base, Math.min(n, to + MAX_KEYWORD + 1));
    DOB_WORDS.lastIndex = from - base;
    // `test`, not `exec`: only where each keyword ends matters, and a text can hold many keywords.
    // (One starting at or past `to` reaches no digit run, so looking at it changes nothing.)
    while (DOB_WORDS.test(win)) {
      const at = base + DOB_WORDS.lastIndex;
      cursor = at;
      while (dr < count && starts[dr]! < at) dr++;
      const hit = dr < count ? dateAt(text, at, runs, dr) : undefined;
      if (!hit) continue;
      const start = at + hit[0].length - hit[1]!.length;
      const end = at + hit[0].length;
      out.push({ start, end, type: 'date_of_birth', score: 1, key: text.slice(start, end).toLowerCase() });
      cursor = end;
      DOB_WORDS.lastIndex = end - base;
    }
  }
  return out;
}

/** Is run `r` exactly `len` digits (`len` 0: one or two) starting at `at`? */
const runIs = (runs: DigitRuns, r: number, at: number, len: number) =>
  r < runs.count &&
  runs.starts[r] === at &&
  (len === 0 ? runs.ends[r]! - at <= 2 : runs.ends[r]! - at === len);
const isDateSep = (c: number) => c === 46 || c === 47 || c === 45; // . / -

/**
 * The date right after a keyword ending at `at`, whose first digit run is `r`; or undefined. The
 * digit runs decide which patterns can match (their lengths, what joins them, how far apart they
 * are), so most keywords cost no pattern at all.
 */
function dateAt(text: string, at: number, runs: DigitRuns, r: number): RegExpExecArray | undefined {
  const { starts, ends, after } = runs;
  const s = starts[r]!;
  const e = ends[r]!;
  const gap = s - at;
  if (gap > 22) return undefined;
  const len = e - s;
  // 12.03.1985, 12/03/85 or 1985-03-12, within a prefix and `on ` of the keyword.
  if (
    gap <= 9 &&
    ((len <= 2 &&
      isDateSep(after[r]!) &&
      runIs(runs, r + 1, e + 1, 0) &&
      isDateSep(after[r + 1]!) &&
      (runIs(runs, r + 2, ends[r + 1]! + 1, 2) || runIs(runs, r + 2, ends[r + 1]! + 1, 4))) ||
      (len === 4 &&
        after[r] === 45 &&
        runIs(runs, r + 1, e + 1, 2) &&
        after[r + 1] === 45 &&
        runIs(runs, r + 2, ends[r + 1]! + 1, 2)))
  ) {
    NUMERIC.lastIndex = at;
    const hit = NUMERIC.exec(text);
    if (hit) return hit;
  }
  // A day of one or two digits and a four-digit year: 12 March 1985 (at most 35 characters from
  // day to year), else March 12, 1985 (a word of 3+ letters and a space first; at most 5 between).
  const year = r + 1 < runs.count && ends[r + 1]! - starts[r + 1]! === 4 ? starts[r + 1]! - e : -1;
  if (len > 2 || year < 1) return undefined;
  let dm: RegExpExecArray | null = null;
  if (gap <= 9 && year <= 35) {
    DAY_MONTH.lastIndex = at;
    dm = DAY_MONTH.exec(text);
  }
  if (!dm && gap >= 4 && year <= 5) {
    MONTH_DAY.lastIndex = at;
    dm = MONTH_DAY.exec(text);
  }
  return dm && MONTHS.has(dm[2]!.toLowerCase()) ? dm : undefined;
}
