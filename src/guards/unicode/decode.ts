// Hidden payloads: text encoded as base64, hex, URL escapes, rot13, leetspeak or Unicode tag
// characters is decoded into derived segments, so every other guard scans what it hides. Linear
// scans; bounded output.

import { isUtf8 } from 'node:buffer';
import type { DerivedSegment, Segment } from '../types.ts';
import { rot13Payload, unleet } from './rewrite.ts';

export type Encoding = 'base64' | 'hex' | 'url' | 'rot13' | 'leetspeak' | 'tag_characters';

export interface DecodeOptions {
  readonly encodings: ReadonlySet<Encoding>;
  /** Shortest encoded run worth decoding (base64, hex). */
  readonly minLength: number;
  /** Cap on the characters of all derived segments of one request. */
  readonly maxChars: number;
  /** Decode what a decoding reveals, this many levels deep. */
  readonly depth: number;
}

const utf8 = new TextDecoder('utf-8');
const utf16 = new TextDecoder('utf-16le');

/** Decoded bytes as text, if they are valid UTF-8 and mostly printable. */
function asText(bytes: Uint8Array): string | undefined {
  // isUtf8 instead of a fatal decoder: most candidate runs are not text, and exceptions are slow.
  if (bytes.length < 4 || !isUtf8(bytes)) return undefined;
  // Printable share counted on the bytes, so a long run of binary is turned down without being
  // decoded: per UTF-16 unit of the text, controls (but tab, line feed, return), DEL and the C1
  // controls (U+0080–U+009F, bytes C2 80–C2 9F) are not printable.
  let units = 0;
  let unprintable = 0;
  for (let k = 0; k < bytes.length; k++) {
    const b = bytes[k]!;
    if (b < 0x80) {
      units++;
      if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f) unprintable++;
    } else if (b >= 0xc0) {
      units += b >= 0xf0 ? 2 : 1; // a four-byte sequence is a surrogate pair
      if (b === 0xc2 && bytes[k + 1]! < 0xa0) unprintable++;
    }
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) units--; // the decoder drops a BOM
  return (units - unprintable) / units >= 0.9 ? utf8.decode(bytes) : undefined;
}

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isB64 = (c: number) =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  c === 43 ||
  c === 47 ||
  c === 45 ||
  c === 95;

type Found = { start: number; end: number; text: string; encoding: Encoding; aligned?: boolean };

// Character classes of ASCII by table (1: base64 or base64url, 2: also hex): one load per character.
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) CLASS[c] = isB64(c) ? (isHex(c) ? 3 : 1) : 0;

/** Runs of base64 / hex characters; a run of only hex digits is read as hex. */
function runs(text: string, minLength: number, encodings: ReadonlySet<Encoding>, out: Found[]): void {
  const n = text.length;
  for (let i = 0; i < n;) {
    const c0 = text.charCodeAt(i);
    if (c0 >= 128 || CLASS[c0] === 0) {
      i++;
      continue;
    }
    const start = i;
    let cls = 3;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      const k = c < 128 ? CLASS[c]! : 0;
      if (k === 0) break;
      cls &= k;
    }
    const allHex = cls === 3;
    let end = i;
    while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61) end++; // =
    i = end;
    if (end - start < minLength) continue;
    const run = text.slice(start, end);
    let decoded: string | undefined;
    if (allHex && run.length % 2 === 0 && encodings.has('hex')) {
      decoded = asText(Buffer.from(run, 'hex'));
      if (decoded) out.push({ start, end, text: decoded, encoding: 'hex' });
    } else if (!allHex && encodings.has('base64')) {
      decoded = asText(Buffer.from(run, 'base64'));
      if (decoded) out.push({ start, end, text: decoded, encoding: 'base64' });
    }
  }
}

/** Non-space runs holding at least three `%XX` escapes. */
function urlEscapes(text: string, out: Found[]): void {
  for (let i = text.indexOf('%'); i !== -1 && i < text.length;) {
    let start = i;
    while (start > 0 && text.charCodeAt(start - 1) > 32) start--;
    let end = i;
    let escapes = 0;
    while (end < text.length && text.charCodeAt(end) > 32) {
      if (text.charCodeAt(end) === 37 && isHex(text.charCodeAt(end + 1)) && isHex(text.charCodeAt(end + 2)))
        escapes++; // %
      end++;
    }
    if (escapes >= 3) {
      const decoded = asText(percentDecode(text, start, end));
      if (decoded) out.push({ start, end, text: decoded, encoding: 'url' });
    }
    i = text.indexOf('%', end);
  }
}

const nibble = (c: number) => (c <= 57 ? c - 48 : (c | 32) - 87);

/** Bytes of `text[start, end)` with `%XX` escapes and `+` decoded. */
function percentDecode(text: string, start: number, end: number): Uint8Array {
  const ascii = new Uint8Array(end - start);
  let n = 0;
  let wide = false;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 37 && isHex(text.charCodeAt(k + 1)) && isHex(text.charCodeAt(k + 2))) {
      ascii[n++] = (nibble(text.charCodeAt(k + 1)) << 4) | nibble(text.charCodeAt(k + 2));
      k += 2;
    } else if (c < 128) ascii[n++] = c === 43 ? 32 : c;
    else wide = true;
  }
  // Rare: raw non-ASCII characters among the escapes; fall back to encoding piece by piece.
  if (wide) return decodeLoose(text.slice(start, end));
  return ascii.subarray(0, n);
}

function decodeLoose(s: string): Uint8Array {
  const parts: Buffer[] = [];
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '%' && isHex(s.charCodeAt(k + 1)) && isHex(s.charCodeAt(k + 2))) {
      parts.push(Buffer.from([Number.parseInt(s.slice(k + 1, k + 3), 16)]));
      k += 2;
    } else parts.push(Buffer.from(s[k] === '+' ? ' ' : s[k]!));
  }
  return Buffer.concat(parts);
}

function tagText(text: string, out: Found[]): void {
  let units: Uint16Array | undefined;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    if (cp < 0xe0000 || cp > 0xe007f) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    // The run's printable tag characters, as the ASCII they stand for, gathered in one buffer.
    const start = i;
    let n = 0;
    for (let c = cp; c >= 0xe0000 && c <= 0xe007f; c = text.codePointAt(i) ?? 0) {
      if (c >= 0xe0020 && c <= 0xe007e) {
        if (!units || n === units.length) {
          const grown = new Uint16Array(Math.max(256, n * 2));
          if (units) grown.set(units.subarray(0, n));
          units = grown;
        }
        units[n++] = c - 0xe0000;
      }
      i += 2;
    }
    if (n > 0)
      out.push({ start, end: i, text: utf16.decode(units!.subarray(0, n)), encoding: 'tag_characters' });
  }
}

function decodeOne(text: string, opts: DecodeOptions): Found[] {
  const out: Found[] = [];
  const e = opts.encodings;
  if (e.has('base64') || e.has('hex')) runs(text, opts.minLength, e, out);
  if (e.has('url') && text.includes('%')) urlEscapes(text, out);
  // Tag characters are U+E0000–U+E007F: all start with the high surrogate U+DB40.
  if (e.has('tag_characters') && text.includes('\uDB40')) tagText(text, out);
  if (e.has('rot13')) {
    const r = rot13Payload(text);
    if (r) out.push({ start: 0, end: text.length, text: r, encoding: 'rot13', aligned: true });
  }
  if (e.has('leetspeak')) {
    const l = unleet(text);
    if (l) out.push({ start: 0, end: text.length, text: l, encoding: 'leetspeak', aligned: true });
  }
  return out;
}

/** Derived segments of `segments`, decoded `opts.depth` levels deep, mapped to the original spans. */
export function deriveSegments(segments: readonly Segment[], opts: DecodeOptions): DerivedSegment[] {
  const out: DerivedSegment[] = [];
  let budget = opts.maxChars;
  let level: { seg: Segment; from: DerivedSegment['from'] | undefined; index: number; aligned: boolean }[] =
    segments.map((seg, index) => ({ seg, from: undefined, index, aligned: true }));
  for (let depth = 0; depth < opts.depth && level.length > 0; depth++) {
    const next: typeof level = [];
    for (const item of level) {
      for (const f of decodeOne(item.seg.text, opts)) {
        if (f.text.length > budget || out.length >= 64) return out;
        budget -= f.text.length;
        // Nested decodings keep pointing at the outermost encoded span in the original.
        const aligned = item.aligned && f.aligned === true;
        const from = item.from
          ? aligned
            ? { segment: item.from.segment, start: item.from.start + f.start, end: item.from.start + f.end }
            : item.from
          : { segment: item.index, start: f.start, end: f.end };
        const d: DerivedSegment = {
          path: `${item.seg.path}#${f.encoding}`,
          text: f.text,
          role: item.seg.role,
          from,
          encoding: f.encoding,
          ...(aligned ? { aligned: true } : {}),
        };
        out.push(d);
        // Re-decode only real decodings: rot13/leetspeak copies keep the original's runs (or break them).
        if (!f.aligned) next.push({ seg: d, from, index: item.index, aligned });
      }
    }
    level = next;
  }
  return out;
}
