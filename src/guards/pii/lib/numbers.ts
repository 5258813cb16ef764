// Payment cards, IBANs and US social security numbers: each starts at a digit run (runs.ts), is read
// once, left to right, then checked (Luhn and IIN ranges, mod-97 and country length, SSA-invalid ranges).

import { brandOf, IBAN_LENGTHS } from './checksum.ts';
import { type Hit, isAlnum, isDigit, isLower, isSpace, isUpper } from './hit.ts';
import { type DigitRuns, digitRuns } from './runs.ts';

/** Payment card numbers: 12–19 digits, optionally grouped by single spaces or dashes. */
export function findCards(text: string, runs: DigitRuns = digitRuns(text)): Hit[] {
  const out: Hit[] = [];
  const { count, starts, ends, before, after } = runs;
  for (let r = 0; r < count; r++) {
    if (isAlnum(before[r]!)) continue;
    // `+4986…` is a phone number in international form, whatever its checksum.
    const plus = before[r] === 43;
    // The whole grouped run, read once: digit runs joined by single spaces or dashes.
    let last = r;
    let digits = ends[r]! - starts[r]!;
    while (
      last + 1 < count &&
      starts[last + 1] === ends[last]! + 1 &&
      (after[last] === 32 || after[last] === 45)
    ) {
      last++;
      digits += ends[last]! - starts[last]!;
    }
    const end = ends[last]!;
    const first = r;
    r = last; // the next card starts after this grouped run
    if (isAlnum(after[last]!)) continue;
    // From a group start, a card runs to the end of the run; a start with more than 19 digits after
    // it is none, and the next start tried is the group after its 20th digit. Counting, not copying.
    let g = first;
    while (g <= last && digits > 19) {
      let need = 20;
      while (need > ends[g]! - starts[g]!) {
        need -= ends[g]! - starts[g]!;
        digits -= ends[g]! - starts[g]!;
        g++;
      }
      digits -= ends[g]! - starts[g]!;
      g++;
    }
    if (g > last || digits < 12 || (g === first && plus)) continue;
    // Brand (first six digits and length) and Luhn read in place; the key is made for a card only.
    if (!brandOf(leadingDigits(text, starts, ends, g, 6), digits) || !luhnRuns(text, starts, ends, g, last))
      continue;
    let key = '';
    for (let k = g; k <= last; k++) key += text.slice(starts[k]!, ends[k]!);
    out.push({ start: starts[g]!, end, type: 'credit_card', score: 1, key });
  }
  return out;
}

/** The number made of the first `k` digits of runs `g`, `g + 1`, … */
function leadingDigits(text: string, starts: Int32Array, ends: Int32Array, g: number, k: number): number {
  let v = 0;
  for (let r = g; k > 0; r++)
    for (let p = starts[r]!; p < ends[r]! && k > 0; p++, k--) v = v * 10 + text.charCodeAt(p) - 48;
  return v;
}

/** Luhn over the digits of runs `first`…`last`, read from the right. */
function luhnRuns(text: string, starts: Int32Array, ends: Int32Array, first: number, last: number): boolean {
  let sum = 0;
  let dbl = false;
  for (let r = last; r >= first; r--)
    for (let p = ends[r]! - 1; p >= starts[r]!; p--) {
      let d = text.charCodeAt(p) - 48;
      if (dbl) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      dbl = !dbl;
    }
  return sum % 10 === 0;
}

// Country length by the two letters' codes (26 × 26), so a candidate costs no string.
const IBAN_LEN = new Uint8Array(26 * 26);
for (const [cc, len] of Object.entries(IBAN_LENGTHS))
  IBAN_LEN[(cc.charCodeAt(0) - 65) * 26 + cc.charCodeAt(1) - 65] = len;
/**
 * ISO 13616 mod-97 of the candidate made of groups `from`…`to`, read in IBAN order: the BBAN (after
 * the first four characters) first, then the country code and check digits.
 */
function ibanValid(
  text: string,
  groupStarts: Int32Array,
  groupEnds: Int32Array,
  from: number,
  to: number,
): boolean {
  // Reduced only when large: doubles hold integers exactly below 2^53, and rem stays under 1e11.
  let rem = 0;
  const head = groupStarts[from]!;
  for (let g = from; g <= to; g++)
    for (let p = g === from ? head + 4 : groupStarts[g]!; p < groupEnds[g]!; p++) {
      const c = text.charCodeAt(p);
      rem = c <= 57 ? rem * 10 + (c - 48) : rem * 100 + (c - 55);
      if (rem >= 1e8) rem %= 97;
    }
  for (let p = head; p < head + 4; p++) {
    const c = text.charCodeAt(p);
    rem = c <= 57 ? rem * 10 + (c - 48) : rem * 100 + (c - 55);
    if (rem >= 1e8) rem %= 97;
  }
  return rem % 97 === 1;
}

const isIbanChar = (c: number) => isDigit(c) || isUpper(c);

/**
 * IBANs: country code, check digits, then the country's length of letters/digits, grouped by single
 * spaces or not. A candidate ends exactly at the end of a group (`DE89 3704 … 00`), so the groups of
 * a chain (letter/digit groups joined by single spaces) are found once and every candidate in the
 * chain — `DE89 DE89 DE89 …` has one per group — sums group lengths instead of re-reading characters.
 */
export function findIbans(text: string, runs: DigitRuns = digitRuns(text)): Hit[] {
  const out: Hit[] = [];
  const n = text.length;
  const { count, starts, ends, before } = runs;
  let next = 0; // no candidate before the end of the last IBAN found
  // The current chain: its groups are [groupStarts[k], groupEnds[k]) for k < groups; `at` is the
  // group of the last candidate (candidates come in text order, so it only moves forward).
  let groupStarts = new Int32Array(16);
  let groupEnds = new Int32Array(16);
  let groups = 0;
  let chainEnd = -1;
  let at = 0;
  for (let r = 0; r < count; r++) {
    const i = starts[r]! - 2;
    if (!isUpper(before[r]!) || i < next || ends[r]! - starts[r]! < 2 || i + 15 > n) continue;
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    if (!isUpper(a) || !isUpper(b) || (i > 0 && isAlnum(text.charCodeAt(i - 1)))) continue;
    const len = IBAN_LEN[(a - 65) * 26 + b - 65]!;
    if (!len) continue;
    if (i >= chainEnd) {
      // A new chain from here: read its groups once.
      groups = 0;
      at = 0;
      let p = i;
      for (;;) {
        let e = p;
        while (e < n && isIbanChar(text.charCodeAt(e))) e++;
        if (groups === groupStarts.length) {
          const s2 = new Int32Array(groups * 2);
          s2.set(groupStarts);
          groupStarts = s2;
          const e2 = new Int32Array(groups * 2);
          e2.set(groupEnds);
          groupEnds = e2;
        }
        groupStarts[groups] = p;
        groupEnds[groups] = e;
        groups++;
        if (e + 1 < n && text.charCodeAt(e) === 32 && isIbanChar(text.charCodeAt(e + 1))) p = e + 1;
        else break;
      }
      chainEnd = groupEnds[groups - 1]!;
    }
    // Inside a chain a candidate (no letter or digit before it) is always a group start.
    while (groupStarts[at]! < i) at++;
    let got = 0;
    let q = at;
    for (; q < groups; q++) {
      got += groupEnds[q]! - groupStarts[q]!;
      if (got >= len) break;
    }
    // Exactly `len` characters up to a group end that no lower-case letter continues.
    if (got !== len) continue;
    const j = groupEnds[q]!;
    if (j < n && isLower(text.charCodeAt(j))) continue;
    if (!ibanValid(text, groupStarts, groupEnds, at, q)) continue;
    let key = '';
    for (let g = at; g <= q; g++) key += text.slice(groupStarts[g]!, groupEnds[g]!);
    out.push({ start: i, end: j, type: 'iban', score: 1, key });
    next = j;
  }
  return out;
}

// The label right before the digits: `SSN: `, `social security number #`, `Soc. Sec. No. `.
const SSN_CONTEXT =
  /(?:ssn|social security(?: number| no\.?)?|soc\.? ?sec\.?(?: no\.?)?)\s{0,2}(?:#|no\.?|number)?\s{0,2}[:=]?\s{0,2}$/i;

/**
 * Could SSN_CONTEXT match right before `at`? Its match ends in a label (`…n`, `…y`, `…r`, `…o`,
 * `…c`, `…#`, `….`) followed by at most seven spaces and one `:` or `=`: a look at a few characters
 * that spares the regex for almost every number.
 */
function maybeSsnLabel(text: string, at: number): boolean {
  let k = at - 1;
  for (let g = 0; g < 7 && k >= 0; g++, k--) {
    const c = text.charCodeAt(k);
    if (!isSpace(c) && c !== 58 && c !== 61) break;
  }
  if (k < 0) return false;
  const c = text.charCodeAt(k) | 32; // lower-cases letters; '#' and '.' stay as they are
  return c === 110 || c === 121 || c === 114 || c === 111 || c === 99 || c === 35 || c === 46;
}

/** True when `text[at, at + len)` are all digits (no string is made). */
function digitsAt(text: string, at: number, len: number): boolean {
  if (at + len > text.length) return false;
  for (let k = at; k < at + len; k++) if (!isDigit(text.charCodeAt(k))) return false;
  return true;
}

function num(text: string, at: number, len: number): number {
  let v = 0;
  for (let k = at; k < at + len; k++) v = v * 10 + text.charCodeAt(k) - 48;
  return v;
}

function validSsn(area: number, group: number, serial: number): boolean {
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
}

/** US SSNs `123-45-6789` / `123 45 6789`; a bare 9-digit run only right after "SSN" or "social security". */
export function findSsns(text: string, runs: DigitRuns = digitRuns(text)): Hit[] {
  const out: Hit[] = [];
  const n = text.length;
  const { count, starts, ends, before, after } = runs;
  let next = 0;
  for (let r = 0; r < count; r++) {
    const i = starts[r]!;
    const run = ends[r]! - i;
    if (run < 3 || i < next || i + 9 > n || isAlnum(before[r]!) || before[r] === 45) continue;
    const sep = after[r];
    let m: [number, number, number, number] | undefined; // area, group, serial, end
    if (run === 3 && (sep === 45 || sep === 32) && text.charCodeAt(i + 6) === sep) {
      if (digitsAt(text, i + 4, 2) && digitsAt(text, i + 7, 4))
        m = [num(text, i, 3), num(text, i + 4, 2), num(text, i + 7, 4), i + 11];
    } else if (run >= 9 && maybeSsnLabel(text, i)) {
      if (SSN_CONTEXT.test(text.slice(Math.max(0, i - 40), i)))
        m = [num(text, i, 3), num(text, i + 3, 2), num(text, i + 5, 4), i + 9];
    }
    if (
      m &&
      !(m[3] < n && (isAlnum(text.charCodeAt(m[3])) || text.charCodeAt(m[3]) === 45)) &&
      validSsn(m[0], m[1], m[2])
    ) {
      const key =
        m[3] - i === 9
          ? text.slice(i, i + 9)
          : text.slice(i, i + 3) + text.slice(i + 4, i + 6) + text.slice(i + 7, i + 11);
      out.push({ start: i, end: m[3], type: 'us_ssn', score: 1, key });
      next = m[3];
    }
  }
  return out;
}
