// IP addresses: IPv4 dotted quads (not part of a longer dotted number or a version string), tried at
// digit runs only, and IPv6 validated by node:net on bounded runs of hex digits, colons and dots.

import { isIPv6 } from 'node:net';
import { type Hit, isAlnum, isDigit, isSpace } from './hit.ts';
import { type DigitRuns, digitRuns } from './runs.ts';

const isHex = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const VERSION = /\b(?:v|version|release|build|ver\.?)\s{0,2}$/i;

function octet(text: string, i: number): number {
  // Returns the end of a 0..255 octet without leading zeros at i, or -1.
  let j = i;
  while (j < text.length && j - i < 4 && isDigit(text.charCodeAt(j))) j++;
  const len = j - i;
  if (len === 0 || len > 3 || (len > 1 && text[i] === '0')) return -1;
  let v = 0;
  for (let k = i; k < j; k++) v = v * 10 + text.charCodeAt(k) - 48;
  return v <= 255 ? j : -1;
}

/**
 * Could VERSION match right before `at`? It ends in `v`, `version`, `release`, `build` or `ver.`
 * and at most two spaces: one look at a character spares the regex for almost every address.
 */
function maybeVersion(text: string, at: number): boolean {
  let k = at - 1;
  for (let g = 0; g < 2 && k >= 0 && isSpace(text.charCodeAt(k)); g++) k--;
  if (k < 0) return false;
  const c = text.charCodeAt(k) | 32;
  return c === 118 || c === 110 || c === 101 || c === 100 || c === 114 || c === 46;
}

/** IPv4 and IPv6 addresses. */
export function findIps(text: string, runs: DigitRuns = digitRuns(text)): Hit[] {
  const out: Hit[] = [];
  const n = text.length;
  // IPv4: a dotted quad starts at a digit run with no letter, digit or dot before it.
  const { count, starts, ends, before, after } = runs;
  for (let r = 0; r < count; r++) {
    const i = starts[r]!;
    // The first octet: at most three digits, then a dot; no letter, digit or dot before it.
    if (ends[r]! - i > 3 || after[r] !== 46 || isAlnum(before[r]!) || before[r] === 46) continue;
    let j = i;
    let parts = 0;
    while (parts < 4) {
      const e = octet(text, j);
      if (e === -1) break;
      parts++;
      j = e;
      if (parts < 4) {
        if (text.charCodeAt(j) !== 46) break;
        j++;
      }
    }
    if (parts < 4) continue;
    const more = text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1));
    if (isAlnum(text.charCodeAt(j)) || more) continue;
    if (maybeVersion(text, i) && VERSION.test(text.slice(Math.max(0, i - 10), i))) continue;
    out.push({ start: i, end: j, type: 'ip_address', score: 1, key: text.slice(i, j) });
  }
  // IPv6: runs of [0-9a-fA-F:.] with at least two colons, at most 45 characters. A longer run is
  // skipped whole, so a megabyte of colons is read once.
  const isV6 = (ch: number) => isHex(ch) || ch === 58 || ch === 46;
  let i = text.indexOf(':');
  while (i !== -1) {
    let s = i;
    while (s > 0 && i - s <= 45 && isV6(text.charCodeAt(s - 1))) s--;
    let e = i;
    while (e < n && e - s <= 46 && isV6(text.charCodeAt(e))) e++;
    if (e - s > 45 || (s > 0 && isV6(text.charCodeAt(s - 1)))) {
      while (e < n && isV6(text.charCodeAt(e))) e++;
      i = text.indexOf(':', e);
      continue;
    }
    while (e > s && text[e - 1] === '.') e--;
    const before = s > 0 ? text.charCodeAt(s - 1) : 32;
    const after = e < n ? text.charCodeAt(e) : 32;
    let colons = 0;
    if (e - s >= 6 && !isAlnum(before) && !isAlnum(after))
      for (let k = s; k < e && colons < 2; k++) if (text.charCodeAt(k) === 58) colons++;
    if (colons >= 2) {
      const cand = text.slice(s, e);
      if (isIPv6(cand)) out.push({ start: s, end: e, type: 'ip_address', score: 1, key: cand.toLowerCase() });
    }
    i = text.indexOf(':', Math.max(e, i + 1));
  }
  return out;
}
