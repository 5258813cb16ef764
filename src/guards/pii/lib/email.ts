// E-mail addresses: found by their '@', then expanded left over the local part (≤ 64) and right over
// domain labels (≤ 253). Each character is visited a bounded number of times, so the scan is linear.

import { type Hit, isAlnum } from './hit.ts';

const LOCAL_EXTRA = new Set([...".!#$%&'*+/=?^_`{|}~-"].map((c) => c.charCodeAt(0)));
const isLocal = (c: number) => isAlnum(c) || LOCAL_EXTRA.has(c);
const isLabel = (c: number) => isAlnum(c) || c === 45;

/** Every e-mail address in `text`. */
export function findEmails(text: string): Hit[] {
  const out: Hit[] = [];
  let floor = 0; // never expand left past the previous match or '@'
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let s = at;
    while (s > floor && at - s < 64 && isLocal(text.charCodeAt(s - 1))) s--;
    while (s < at && text.charCodeAt(s) === 46) s++; // no leading dot
    floor = at + 1;
    if (s === at || (s > 0 && isLocal(text.charCodeAt(s - 1)))) continue;
    // Domain: labels separated by single dots.
    let e = at + 1;
    let lastDot = -1;
    let labelLen = 0;
    while (e < text.length && e - at <= 253) {
      const c = text.charCodeAt(e);
      if (isLabel(c) && labelLen < 63) labelLen++;
      else if (c === 46 && labelLen > 0 && e + 1 < text.length && isLabel(text.charCodeAt(e + 1))) {
        lastDot = e;
        labelLen = 0;
      } else break;
      e++;
    }
    if (lastDot === -1 || e - lastDot - 1 < 2) continue;
    let tldOk = true;
    for (let i = lastDot + 1; i < e; i++) {
      const c = text.charCodeAt(i) | 32;
      if (c < 97 || c > 122) tldOk = false;
    }
    if (!tldOk) continue;
    out.push({ start: s, end: e, type: 'email', score: 1, key: text.slice(s, e).toLowerCase() });
    floor = e;
    at = e - 1;
  }
  return out;
}
