// Hidden payloads: text encoded as base64, hex, URL escapes, rot13, leetspeak or Unicode tag
// characters is decoded into derived segments, so every other guard scans what it hides. Linear
// scans; bounded output.

import { isUtf8 } from 'node:buffer';
import type { DerivedSegment, Segment } from '../types.ts';

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

/** Decoded bytes as text, if they are valid UTF-8 and mostly printable. */
function asText(bytes: Uint8Array): string | undefined {
  // isUtf8 instead of a fatal decoder: most candidate runs are not text, and exceptions are slow.
  if (bytes.length < 4 || !isUtf8(bytes)) return undefined;
  const text = utf8.decode(bytes);
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || (c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c < 0xa0))) printable++;
  }
  return printable / text.length >= 0.9 ? text : undefined;
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

/** Runs of base64 / hex characters; a run of only hex digits is read as hex. */
function runs(text: string, minLength: number, encodings: ReadonlySet<Encoding>, out: Found[]): void {
  for (let i = 0; i < text.length; ) {
    if (!isB64(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let allHex = true;
    for (; i < text.length && isB64(text.charCodeAt(i)); i++) if (!isHex(text.charCodeAt(i))) allHex = false;
    let end = i;
    while (end < text.length && end - i < 2 && text[end] === '=') end++;
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
  for (let i = text.indexOf('%'); i !== -1 && i < text.length; ) {
    let start = i;
    while (start > 0 && text.charCodeAt(start - 1) > 32) start--;
    let end = i;
    let escapes = 0;
    while (end < text.length && text.charCodeAt(end) > 32) {
      if (text[end] === '%' && isHex(text.charCodeAt(end + 1)) && isHex(text.charCodeAt(end + 2))) escapes++;
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

const WORDS = [
  'the',
  'and',
  'you',
  'your',
  'to',
  'of',
  'is',
  'are',
  'all',
  'ignore',
  'instructions',
  'previous',
  'system',
  'prompt',
  'password',
  'secret',
  'key',
  'reveal',
  'tell',
  'me',
  'now',
  'this',
  'that',
  'with',
  'for',
  'please',
];
const rot13Word = (w: string) =>
  w.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 84) % 26) + 97));
const COMMON = new RegExp(`\\b(?:${WORDS.join('|')})\\b`, 'gi');
/** The same words as they look after rot13, counted in the original so rot13 is built only when it pays. */
const COMMON_ROT = new RegExp(`\\b(?:${WORDS.map(rot13Word).join('|')})\\b`, 'gi');

/** Matches of `re` in `text`, counting no further than `limit`. */
function count(re: RegExp, text: string, limit: number): number {
  re.lastIndex = 0;
  let n = 0;
  while (n < limit && re.exec(text)) n++;
  return n;
}

const utf16 = new TextDecoder('utf-16le');

function rot13(text: string): string {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    units[i] = c >= 65 && c <= 90 ? ((c - 52) % 26) + 65 : c >= 97 && c <= 122 ? ((c - 84) % 26) + 97 : c;
  }
  return utf16.decode(units);
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};

const LEET_CODES = new Int32Array(128).fill(-1);
for (const [k, v] of Object.entries(LEET)) LEET_CODES[k.charCodeAt(0)] = v.charCodeAt(0);

/** Words of letters and leet symbols (and no other digit) rewritten as letters; same length. */
function unleet(text: string): string | undefined {
  let units: Uint16Array | undefined;
  for (let i = 0; i < text.length; ) {
    const start = i;
    let letters = 0;
    let leet = 0;
    let other = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
      else if (c < 128 && LEET_CODES[c]! >= 0) {
        // `!`, `|`, `$`, `@` stand for letters only inside a word, not as trailing punctuation ("Hi!").
        if (c > 57 || c < 48) {
          const n = text.charCodeAt(i + 1);
          if (!((n >= 65 && n <= 90) || (n >= 97 && n <= 122) || (n < 128 && LEET_CODES[n]! >= 0))) break;
        }
        leet++;
      } else if (c >= 48 && c <= 57) other = true;
      else break;
    }
    if (i === start) {
      i++;
      continue;
    }
    if (letters > 0 && leet > 0 && !other) {
      if (!units) {
        units = new Uint16Array(text.length);
        for (let k = 0; k < text.length; k++) units[k] = text.charCodeAt(k);
      }
      for (let k = start; k < i; k++) {
        const c = text.charCodeAt(k);
        if (c < 128 && LEET_CODES[c]! >= 0) units[k] = LEET_CODES[c]!;
      }
    }
  }
  return units ? utf16.decode(units) : undefined;
}

function tagText(text: string, out: Found[]): void {
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    if (cp < 0xe0000 || cp > 0xe007f) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    let hidden = '';
    for (let c = cp; c >= 0xe0000 && c <= 0xe007f; c = text.codePointAt(i) ?? 0) {
      if (c >= 0xe0020 && c <= 0xe007e) hidden += String.fromCharCode(c - 0xe0000);
      i += 2;
    }
    if (hidden) out.push({ start, end: i, text: hidden, encoding: 'tag_characters' });
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
    const gain = count(COMMON_ROT, text, 1000);
    // English has almost no rot13'd common words, so a few among up to four times as many plain ones
    // (a rot13 payload inside an ordinary request) are enough.
    if (gain >= 3 && count(COMMON, text, 4 * gain) < 4 * gain)
      out.push({ start: 0, end: text.length, text: rot13(text), encoding: 'rot13', aligned: true });
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
