// A canary and the forms a leaking model may turn it into: any case and spacing, hex of its
// characters, base64 of it at each of the three byte alignments, rot13. Matching is linear: each form
// is searched once in a normalised copy of the text that maps back to original offsets.

import { randomBytes } from 'node:crypto';

export interface CanaryForms {
  readonly token: string;
  /** Lowercase letters and digits only. */
  readonly plain: readonly string[];
  /** Hex digits only (the hex of the token's characters). */
  readonly hex: string;
  /** Case-sensitive, searched with whitespace removed. */
  readonly base64: readonly string[];
}

/** A fresh canary of `bytes` random bytes (≥ 16, i.e. ≥ 128 bits) as lowercase hex. */
export function newCanary(bytes = 16): CanaryForms {
  const token = randomBytes(Math.max(16, bytes)).toString('hex');
  const base64: string[] = [];
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k, 0x20), Buffer.from(token)]).toString('base64');
    // Characters that depend only on the token's bytes, whatever precedes or follows it.
    const inner = enc.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + token.length)) / 6));
    base64.push(inner, inner.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return { token, plain: [token, rot13(token)], hex: Buffer.from(token).toString('hex'), base64 };
}

function rot13(s: string): string {
  return s.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 84) % 26) + 97));
}

const utf16 = new TextDecoder('utf-16le');

interface Projection {
  readonly s: string;
  /** For each character of `s`, its offset in the original text. */
  readonly at: Int32Array;
}

/**
 * A filtered, lowercased (unless `keepCase`) copy of `text` with each kept character's offset.
 * `keep` returns 1 to keep the character, 0 to drop it, -n to drop n characters.
 */
function project(text: string, keep: (text: string, i: number) => number, keepCase = false): Projection {
  const units = new Uint16Array(text.length);
  const at = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    const step = keep(text, i);
    if (step > 0) {
      const c = text.charCodeAt(i);
      units[n] = !keepCase && c >= 65 && c <= 90 ? c + 32 : c;
      at[n++] = i;
      i++;
    } else if (step < 0) i -= step;
    else i++;
  }
  return { s: utf16.decode(units.subarray(0, n)), at: at.subarray(0, n) };
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isHexDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Spans of `text` where the canary appears in any of its forms. */
export function findCanary(text: string, forms: CanaryForms): { start: number; end: number; form: string }[] {
  const out: { start: number; end: number; form: string }[] = [];
  const search = (p: Projection, needle: string, form: string) => {
    for (let i = p.s.indexOf(needle); i !== -1; i = p.s.indexOf(needle, i + needle.length))
      out.push({ start: p.at[i]!, end: p.at[i + needle.length - 1]! + 1, form });
  };
  const alnum = project(text, (t, i) => (isAlnum(t.charCodeAt(i)) ? 1 : 0));
  for (const f of forms.plain) search(alnum, f, 'plain');
  // Hex digits only, dropping `0x` and `\x` prefixes.
  const hex = project(text, (t, i) => {
    const c = t.charCodeAt(i);
    if ((c === 48 || c === 92) && (t[i + 1] === 'x' || t[i + 1] === 'X')) return -2;
    return isHexDigit(c) ? 1 : 0;
  });
  search(hex, forms.hex, 'hex');
  const b64 = project(
    text,
    (t, i) => {
      const c = t.charCodeAt(i);
      return c === 32 || c === 10 || c === 13 || c === 9 ? 0 : 1;
    },
    true,
  );
  for (const f of forms.base64) search(b64, f, 'base64');
  return out;
}
