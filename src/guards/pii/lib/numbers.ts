// Payment cards, IBANs and US social security numbers: digit runs read once, left to right, then
// checked (Luhn and IIN ranges, mod-97 and country length, SSA-invalid ranges).

import { cardBrand, IBAN_LENGTHS, luhn } from './checksum.ts';
import { type Hit, isAlnum, isDigit, isUpper } from './hit.ts';

/** Payment card numbers: 12–19 digits, optionally grouped by single spaces or dashes. */
export function findCards(text: string): Hit[] {
  const out: Hit[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i)) || (i > 0 && isAlnum(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    // `+4986…` is a phone number in international form, whatever its checksum.
    const plus = i > 0 && text[i - 1] === '+';
    // The whole grouped run, read once: digits joined by single spaces or dashes.
    let end = i;
    for (let j = i; j < n;) {
      const c = text.charCodeAt(j);
      if (isDigit(c)) end = ++j;
      else if ((c === 32 || c === 45) && j + 1 < n && isDigit(text.charCodeAt(j + 1))) j++;
      else break;
    }
    // From a group start, a card runs to the end of the run; a start with more than 19 digits after
    // it is none, and the next start tried is the group after its 20th digit. Counting, not copying.
    if (!(end < n && isAlnum(text.charCodeAt(end)))) {
      let g = i;
      while (g < end) {
        let count = 0;
        let k = g;
        for (; k < end && count < 20; k++) if (isDigit(text.charCodeAt(k))) count++;
        if (count <= 19) break;
        while (k < end && isDigit(text.charCodeAt(k))) k++;
        while (k < end && !isDigit(text.charCodeAt(k))) k++;
        g = k;
      }
      if (g < end && !(g === i && plus)) {
        let digits = '';
        for (let m = g; m < end; m++) if (isDigit(text.charCodeAt(m))) digits += text[m];
        if (digits.length >= 12 && luhn(digits) && cardBrand(digits))
          out.push({ start: g, end, type: 'credit_card', score: 1, key: digits });
      }
    }
    i = Math.max(end, i + 1);
  }
  return out;
}

// Country length by the two letters' codes (26 × 26), so a candidate costs no string.
const IBAN_LEN = new Uint8Array(26 * 26);
for (const [cc, len] of Object.entries(IBAN_LENGTHS))
  IBAN_LEN[(cc.charCodeAt(0) - 65) * 26 + cc.charCodeAt(1) - 65] = len;
// Positions of one candidate's letters and digits (an IBAN has at most 34).
const ibanPos = new Int32Array(40);

/** mod-97 of the candidate whose characters sit at ibanPos[0, len), read in IBAN order (BBAN first). */
function ibanAt(text: string, len: number): boolean {
  // Reduced only when large: doubles hold integers exactly below 2^53, and rem stays under 1e11.
  let rem = 0;
  for (let k = 0; k < len; k++) {
    const p = k + 4 < len ? k + 4 : k + 4 - len;
    const c = text.charCodeAt(ibanPos[p]!);
    rem = c <= 57 ? rem * 10 + (c - 48) : rem * 100 + (c - 55);
    if (rem >= 1e8) rem %= 97;
  }
  return rem % 97 === 1;
}

/** IBANs: country code, check digits, then the country's length of letters/digits, grouped or not. */
export function findIbans(text: string): Hit[] {
  const out: Hit[] = [];
  const n = text.length;
  for (let i = 0; i + 15 <= n; i++) {
    const a = text.charCodeAt(i);
    if (!isUpper(a) || !isUpper(text.charCodeAt(i + 1))) continue;
    if (!isDigit(text.charCodeAt(i + 2)) || !isDigit(text.charCodeAt(i + 3))) continue;
    if (i > 0 && isAlnum(text.charCodeAt(i - 1))) continue;
    const len = IBAN_LEN[(a - 65) * 26 + text.charCodeAt(i + 1) - 65]!;
    if (!len) continue;
    let got = 0;
    let j = i;
    while (j < n && got < len) {
      const c = text.charCodeAt(j);
      if (isDigit(c) || isUpper(c)) {
        ibanPos[got++] = j;
        j++;
      } else if (c === 32 && got >= 4 && j + 1 < n && isAlnum(text.charCodeAt(j + 1))) j++;
      else break;
    }
    if (got !== len || (j < n && isAlnum(text.charCodeAt(j)))) continue;
    if (!ibanAt(text, len)) continue;
    let key = '';
    for (let k = 0; k < len; k++) key += text[ibanPos[k]!];
    out.push({ start: i, end: j, type: 'iban', score: 1, key });
    i = j - 1;
  }
  return out;
}

// The label right before the digits: `SSN: `, `social security number #`, `Soc. Sec. No. `.
const SSN_CONTEXT =
  /(?:ssn|social security(?: number| no\.?)?|soc\.? ?sec\.?(?: no\.?)?)\s{0,2}(?:#|no\.?|number)?\s{0,2}[:=]?\s{0,2}$/i;

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
export function findSsns(text: string): Hit[] {
  const out: Hit[] = [];
  const n = text.length;
  let i = 0;
  while (i + 9 <= n) {
    const c = text.charCodeAt(i);
    if (!isDigit(c) || (i > 0 && (isAlnum(text.charCodeAt(i - 1)) || text[i - 1] === '-'))) {
      i++;
      continue;
    }
    let run = 0;
    while (run < 3 && i + run < n && isDigit(text.charCodeAt(i + run))) run++;
    const sep = text[i + 3];
    let m: [number, number, number, number] | undefined; // area, group, serial, end
    if (run === 3 && (sep === '-' || sep === ' ') && text[i + 6] === sep) {
      if (digitsAt(text, i + 4, 2) && digitsAt(text, i + 7, 4))
        m = [num(text, i, 3), num(text, i + 4, 2), num(text, i + 7, 4), i + 11];
    } else if (run === 3 && digitsAt(text, i + 3, 6)) {
      if (SSN_CONTEXT.test(text.slice(Math.max(0, i - 40), i)))
        m = [num(text, i, 3), num(text, i + 3, 2), num(text, i + 5, 4), i + 9];
    }
    if (
      m &&
      !(m[3] < n && (isAlnum(text.charCodeAt(m[3])) || text[m[3]] === '-')) &&
      validSsn(m[0], m[1], m[2])
    ) {
      const key = text.slice(i, m[3]).replace(/\D/g, '');
      out.push({ start: i, end: m[3], type: 'us_ssn', score: 1, key });
      i = m[3];
      continue;
    }
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  }
  return out;
}
