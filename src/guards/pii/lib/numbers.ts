// Payment cards, IBANs and US social security numbers: digit runs read once, left to right, then
// checked (Luhn and IIN ranges, mod-97 and country length, SSA-invalid ranges).

import { cardBrand, IBAN_LENGTHS, ibanMod97, luhn } from './checksum.ts';
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
    let digits = '';
    let j = i;
    let end = i;
    while (j < n && digits.length <= 19) {
      const c = text.charCodeAt(j);
      if (isDigit(c)) {
        digits += text[j];
        end = ++j;
      } else if ((c === 32 || c === 45) && j + 1 < n && isDigit(text.charCodeAt(j + 1))) j++;
      else break;
    }
    if (!plus && digits.length <= 19 && digits.length >= 12 && !(end < n && isAlnum(text.charCodeAt(end)))) {
      if (luhn(digits) && cardBrand(digits))
        out.push({ start: i, end, type: 'credit_card', score: 1, key: digits });
    }
    // Skip the rest of this digit run (a run over 19 digits is no card anywhere inside).
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    i = Math.max(end, i + 1);
  }
  return out;
}

/** IBANs: country code, check digits, then the country's length of letters/digits, grouped or not. */
export function findIbans(text: string): Hit[] {
  const out: Hit[] = [];
  const n = text.length;
  for (let i = 0; i + 15 <= n; i++) {
    if (!isUpper(text.charCodeAt(i)) || !isUpper(text.charCodeAt(i + 1))) continue;
    if (!isDigit(text.charCodeAt(i + 2)) || !isDigit(text.charCodeAt(i + 3))) continue;
    if (i > 0 && isAlnum(text.charCodeAt(i - 1))) continue;
    const len = IBAN_LENGTHS[text.slice(i, i + 2)];
    if (!len) continue;
    let compact = '';
    let j = i;
    while (j < n && compact.length < len) {
      const c = text.charCodeAt(j);
      if (isDigit(c) || isUpper(c)) {
        compact += text[j];
        j++;
      } else if (c === 32 && compact.length >= 4 && j + 1 < n && isAlnum(text.charCodeAt(j + 1))) j++;
      else break;
    }
    if (compact.length !== len || (j < n && isAlnum(text.charCodeAt(j)))) continue;
    if (!ibanMod97(compact)) continue;
    out.push({ start: i, end: j, type: 'iban', score: 1, key: compact });
    i = j - 1;
  }
  return out;
}

// The label right before the digits: `SSN: `, `social security number #`, `Soc. Sec. No. `.
const SSN_CONTEXT =
  /(?:ssn|social security(?: number| no\.?)?|soc\.? ?sec\.?(?: no\.?)?)\s{0,2}(?:#|no\.?|number)?\s{0,2}[:=]?\s{0,2}$/i;

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
      const g = text.slice(i + 4, i + 6);
      const s = text.slice(i + 7, i + 11);
      if (/^\d{2}$/.test(g) && /^\d{4}$/.test(s))
        m = [Number(text.slice(i, i + 3)), Number(g), Number(s), i + 11];
    } else if (run === 3) {
      const nine = text.slice(i, i + 9);
      if (/^\d{9}$/.test(nine) && SSN_CONTEXT.test(text.slice(Math.max(0, i - 40), i)))
        m = [Number(nine.slice(0, 3)), Number(nine.slice(3, 5)), Number(nine.slice(5)), i + 9];
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
