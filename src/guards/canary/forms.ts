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

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isHexDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * Three filtered copies of `text` in one pass, each with its characters' original offsets: letters
 * and digits lowercased; hex digits lowercased without `0x` / `\x` prefixes; everything but
 * whitespace, case kept (for base64).
 */
function project(text: string): { alnum: Projection; hex: Projection; b64: Projection } {
  const len = text.length;
  const a = { u: new Uint16Array(len), at: new Int32Array(len), n: 0 };
  const h = { u: new Uint16Array(len), at: new Int32Array(len), n: 0 };
  const b = { u: new Uint16Array(len), at: new Int32Array(len), n: 0 };
  let skipHex = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    if (isAlnum(c)) {
      a.u[a.n] = lower;
      a.at[a.n++] = i;
    }
    if (skipHex > 0) skipHex--;
    else if ((c === 48 || c === 92) && (text.charCodeAt(i + 1) | 32) === 120) skipHex = 1;
    else if (isHexDigit(c)) {
      h.u[h.n] = lower;
      h.at[h.n++] = i;
    }
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) {
      b.u[b.n] = c;
      b.at[b.n++] = i;
    }
  }
  const done = (p: typeof a): Projection => ({
    s: utf16.decode(p.u.subarray(0, p.n)),
    at: p.at.subarray(0, p.n),
  });
  return { alnum: done(a), hex: done(h), b64: done(b) };
}

/** Spans of `text` where the canary appears in any of its forms. */
export function findCanary(text: string, forms: CanaryForms): { start: number; end: number; form: string }[] {
  const out: { start: number; end: number; form: string }[] = [];
  const search = (p: Projection, needle: string, form: string) => {
    for (let i = p.s.indexOf(needle); i !== -1; i = p.s.indexOf(needle, i + needle.length))
      out.push({ start: p.at[i]!, end: p.at[i + needle.length - 1]! + 1, form });
  };
  const { alnum, hex, b64 } = project(text);
  for (const f of forms.plain) search(alnum, f, 'plain');
  search(hex, forms.hex, 'hex');
  for (const f of forms.base64) search(b64, f, 'base64');
  return out;
}
