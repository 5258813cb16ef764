// Phone numbers, international: a linear scan picks candidate runs (digits with spaces, dashes, dots,
// slashes and brackets, 7–15 digits, ≤ 32 characters); libphonenumber-js then decides whether each is a
// valid number, as written with '+'/'00' or in one of the configured regions. Calling the library's
// own text finder costs about 2 ms per KB, so it is only ever handed these short candidates.

import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { type Hit, isAlnum, isDigit } from './hit.ts';

const CONTEXT =
  /\b(?:phone|tel|call|mobile|cell|fax|whatsapp|sms|handy|telefon|téléphone|portable|teléfono|móvil|telefono|cellulare|bel|nummer|number|no\.|nr\.)[^0-9\n]{0,16}$/i;

/** True when the run at `i` continues a word or code (`INV-2022…`, `#123…`, `a1…`). */
function glued(text: string, i: number): boolean {
  const p = text.charCodeAt(i - 1);
  if (isAlnum(p) || p === 43 || p === 35 || p === 95) return true; // alnum + # _
  return (p === 45 || p === 47) && i > 1 && isAlnum(text.charCodeAt(i - 2)); // INV-2022, a/123
}

const ISBN = /isbn(?:-1[03])?:?\s{0,2}$/i;

const isPhoneSep = (c: number) => c === 32 || c === 45 || c === 46 || c === 47 || c === 40 || c === 41;

/**
 * Library calls one text may cost (about 10 µs each). Past them a candidate that passed every shape
 * test is reported on its shape alone (score 0.5): a text with thousands of phone-shaped runs is
 * machine-made, and over-masking it is the safe side. Identical candidates are judged once.
 */
export const MAX_LIBRARY_CALLS = 512;

/** Valid phone numbers; `regions` are tried in order for numbers written without a country code. */
export function findPhones(text: string, regions: readonly CountryCode[]): Hit[] {
  const out: Hit[] = [];
  const memo = new Map<string, string | null>();
  let calls = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const opener = c === 43 || c === 40; // '+' or '('
    if (!(opener || isDigit(c)) || (i > 0 && glued(text, i))) {
      i++;
      continue;
    }
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
      const memoKey = `${seps === 0 ? CONTEXT.test(text.slice(Math.max(0, i - 30), i)) : ''}|${ISBN.test(text.slice(Math.max(0, i - 12), i))}|${cand}`;
      let hit = memo.get(memoKey);
      let score = 1;
      if (hit === undefined) {
        if (calls < MAX_LIBRARY_CALLS) {
          calls++;
          hit = judge(cand, c, seps, text, i, regions) ?? null;
          if (memo.size < 4096) memo.set(memoKey, hit);
        } else {
          hit = shapeOnly(cand, c, seps, text, i);
          score = 0.5;
        }
      }
      if (hit) {
        out.push({ start: i, end, type: 'phone', score, key: hit });
        i = end;
        continue;
      }
    }
    // Skip the rest of this run: a phone cannot start inside it.
    i = Math.max(i + 1, end > i ? end : i + 1);
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  }
  return out;
}

function judge(
  cand: string,
  first: number,
  seps: number,
  text: string,
  at: number,
  regions: readonly CountryCode[],
): string | undefined {
  // Dates (12.03.2024, (2024-03-12), 12/03/2024) are not phone numbers.
  if (/^\(?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\)?$/.test(cand)) return undefined;
  // Nor are ISBNs.
  if (ISBN.test(text.slice(Math.max(0, at - 12), at))) return undefined;
  // Nor are dotted quads (IPv4) or version strings.
  if (/^\d{1,3}(?:\.\d{1,3}){2,3}$/.test(cand)) return undefined;
  if (first === 43 || cand.startsWith('00')) {
    const p = parsePhoneNumberFromString(first === 43 ? cand : `+${cand.slice(2)}`);
    return p?.isValid() ? p.number : undefined;
  }
  // A bare digit run is an order number as often as a phone: only with a phone word just before.
  if (seps === 0 && !CONTEXT.test(text.slice(Math.max(0, at - 30), at))) return undefined;
  for (const r of regions) {
    const p = parsePhoneNumberFromString(cand, r);
    if (p?.isValid()) return p.number;
  }
  return undefined;
}

/** The shape tests of `judge` without the library: the key is the digits, with `+` when written. */
function shapeOnly(cand: string, first: number, seps: number, text: string, at: number): string | null {
  if (/^\(?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\)?$/.test(cand)) return null;
  if (ISBN.test(text.slice(Math.max(0, at - 12), at))) return null;
  if (/^\d{1,3}(?:\.\d{1,3}){2,3}$/.test(cand)) return null;
  if (
    first !== 43 &&
    !cand.startsWith('00') &&
    seps === 0 &&
    !CONTEXT.test(text.slice(Math.max(0, at - 30), at))
  )
    return null;
  const digits = cand.replace(/\D/g, '');
  return first === 43 ? `+${digits}` : digits;
}
