// The secrets scanner: prefix rules, PEM private keys, JWTs, database URLs with passwords and
// high-entropy values in key-like context. Every loop moves forward; nothing rescans, so hostile
// input costs linear time.

import type { Finding } from '../types.ts';
import { charTable, inTable, TOKEN_RULES } from './rules.ts';

export interface ScanOptions {
  readonly disable: ReadonlySet<string>;
  readonly minEntropy: number;
}

type Hit = Finding;

const WORD = charTable('A-Za-z0-9_');
const B64URL = charTable('A-Za-z0-9_-');
const tables = TOKEN_RULES.map((r) => charTable(r.body));
const reasons = TOKEN_RULES.map((r) => `rule: ${r.type}`);
/** Every rule's prefixes in one alternation: one native pass finds whether any rule can match. */
const PREFIXES = new RegExp(
  [...new Set(TOKEN_RULES.flatMap((r) => r.prefixes))]
    .map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
  'g',
);
/** How far before the end of a prefix a match can start: the longest prefix and the largest offset. */
const PREFIX_REACH =
  Math.max(...TOKEN_RULES.flatMap((r) => r.prefixes.map((p) => p.length))) +
  Math.max(...TOKEN_RULES.map((r) => r.offset ?? 0));

/** Every secret in `text` (segment `segment` of the request), in no particular order. */
export function scanSecrets(text: string, opts: ScanOptions, segment = 0): Hit[] {
  const out: Hit[] = [];
  tokens(text, opts, segment, out);
  if (!opts.disable.has('private_key')) privateKeys(text, segment, out);
  if (!opts.disable.has('jwt')) jwts(text, segment, out);
  if (!opts.disable.has('database_url_password')) databaseUrls(text, segment, out);
  if (opts.disable.has('generic_secret')) return out;
  const keyed: Hit[] = [];
  keyedValues(text, opts.minEntropy, segment, keyed);
  if (keyed.length === 0) return out;
  // A keyed value that is already a known format keeps only its precise type.
  const covered = new Uint8Array(text.length);
  for (const h of out) covered.fill(1, h.start, h.end);
  for (const h of keyed) if (!covered[h.start] && !covered[h.end - 1]) out.push(h);
  return out;
}

/**
 * The prefixed token formats, each rule scanning on its own; none before the first prefix of any rule
 * (a text without one, ordinary prose, costs one native pass instead of a pass per rule).
 */
function tokens(text: string, opts: ScanOptions, segment: number, out: Hit[]): void {
  PREFIXES.lastIndex = 0;
  if (!PREFIXES.test(text)) return;
  const from = Math.max(0, PREFIXES.lastIndex - PREFIX_REACH);
  TOKEN_RULES.forEach((rule, i) => {
    if (opts.disable.has(rule.type)) return;
    const body = tables[i]!;
    rule.re.lastIndex = from;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const start = m.index;
      let end = start + m[0].length;
      if (rule.extend)
        while (end < text.length && end - start < (rule.max ?? 256) && inTable(body, text.charCodeAt(end)))
          end++;
      if (rule.boundary && inTable(WORD, text.charCodeAt(start - 1))) {
        rule.re.lastIndex = start + 1;
        continue;
      }
      if (rule.boundary && inTable(body, text.charCodeAt(end))) {
        // Longer than the format allows: the whole run is something else. Skip it, so a hostile run
        // of prefixes (`xoxb-xoxb-…`) costs one pass, not one extension per prefix.
        while (end < text.length && inTable(body, text.charCodeAt(end))) end++;
        rule.re.lastIndex = end;
        continue;
      }
      out.push({ segment, start, end, type: rule.type, score: 1, reason: reasons[i]! });
      rule.re.lastIndex = end;
    }
  });
}

const PEM = /-----BEGIN (?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;

/** The header alone is enough (a stream may not have the rest yet); the span runs to the END line. */
function privateKeys(text: string, segment: number, out: Hit[]): void {
  PEM.lastIndex = 0;
  let nextEnd = -1;
  for (let m = PEM.exec(text); m; m = PEM.exec(text)) {
    let end = m.index + m[0].length;
    if (nextEnd !== -2 && nextEnd < end) {
      const k = text.indexOf('-----END ', end);
      nextEnd = k === -1 ? -2 : k; // -2: there is no END line anywhere further on
    }
    if (nextEnd >= 0 && nextEnd - end < 16_384) {
      const close = text.indexOf('-----', nextEnd + 9);
      if (close !== -1 && close - nextEnd < 64) end = close + 5;
    }
    out.push({ segment, start: m.index, end, type: 'private_key', score: 1, reason: 'rule: private_key' });
    PEM.lastIndex = end;
  }
}

/** header.payload[.signature], both base64url JSON objects (`eyJ`). */
function jwts(text: string, segment: number, out: Hit[]): void {
  const run = (i: number) => {
    while (i < text.length && inTable(B64URL, text.charCodeAt(i))) i++;
    return i;
  };
  for (let i = text.indexOf('eyJ'); i !== -1;) {
    const r1 = run(i);
    let found = false;
    if (
      !inTable(B64URL, text.charCodeAt(i - 1)) &&
      r1 - i >= 10 &&
      text[r1] === '.' &&
      text.startsWith('eyJ', r1 + 1)
    ) {
      const r2 = run(r1 + 1);
      if (r2 - r1 - 1 >= 10) {
        const end = text[r2] === '.' ? run(r2 + 1) : r2;
        out.push({ segment, start: i, end, type: 'jwt', score: 1, reason: 'rule: jwt' });
        i = text.indexOf('eyJ', end);
        found = true;
      }
    }
    // Any `eyJ` inside this run reaches the same run end, so it cannot do better: skip past it.
    if (!found) i = text.indexOf('eyJ', Math.max(r1, i + 1));
  }
}

const DB_SCHEME =
  /(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb):\/\//gi;
const USERINFO_STOP = charTable(' \t\r\n/?#"\'<>`');

/** `scheme://user:password@host`: the finding is the password only, so masking keeps the URL readable. */
function databaseUrls(text: string, segment: number, out: Hit[]): void {
  DB_SCHEME.lastIndex = 0;
  for (let m = DB_SCHEME.exec(text); m; m = DB_SCHEME.exec(text)) {
    const from = m.index + m[0].length;
    let i = from;
    while (
      i < text.length &&
      i - from < 256 &&
      text.charCodeAt(i) !== 64 && // @
      !inTable(USERINFO_STOP, text.charCodeAt(i))
    )
      i++;
    DB_SCHEME.lastIndex = Math.max(i, from);
    if (text.charCodeAt(i) !== 64) continue; // @
    const colon = text.indexOf(':', from);
    if (colon === -1 || colon >= i - 1) continue;
    const password = text.slice(colon + 1, i);
    if (isPlaceholder(password)) continue;
    out.push({
      segment,
      start: colon + 1,
      end: i,
      type: 'database_url_password',
      score: 1,
      reason: 'rule: database_url_password',
    });
  }
}

const KEYWORD =
  /(?:aws_secret_access_key|secret_access_key|secretaccesskey|api[_-]?key|apikey|client[_-]?secret|secret[_-]?key|access[_-]?token|auth[_-]?token|access[_-]?key|private[_-]?key|passwd|password|secret|token)/gi;
const VALUE_STOP = charTable(' \t\r\n"\'`,;)}<>]');

/**
 * How far before an assignment sign (past the blanks before it) a key word that leads to it can
 * start: a quote, up to 8 more name characters and the key word itself (21 at most), and as much
 * again for a key word overlapping that one, which the search must meet first as before.
 */
const KEY_REACH = 1 + 8 + 21 + 21;

/**
 * `api_key = "…"`, `secret: …`: a value after a key-like name and an assignment, if it looks random.
 * Every such name leads to a `:` or `=`, so names are looked for only in the stretch before each sign
 * (signs close together share one search): a text with no assignment costs two `indexOf` scans.
 */
function keyedValues(text: string, minEntropy: number, segment: number, out: Hit[]): void {
  let cursor = 0; // key words are looked for from here on: past the last one, or its value
  const n = text.length;
  for (let op = nextSign(text, 0); op !== -1;) {
    const from = Math.max(cursor, op - blanksBefore(text, op) - KEY_REACH);
    // The stretch grows while the next sign is close enough to lead back into it: every sign within
    // KEY_REACH of its end does (the last of them found reading back from there, so a run of signs
    // is jumped over, not walked one by one), and past that only the next one can, after enough blanks.
    let to = op;
    for (;;) {
      const reach = Math.min(n - 1, to + KEY_REACH);
      let last = reach;
      while (last > to && text.charCodeAt(last) !== 58 && text.charCodeAt(last) !== 61) last--;
      if (last > to) {
        to = last;
        continue;
      }
      op = nextSign(text, reach + 1);
      if (op !== -1 && op - blanksBefore(text, op) - KEY_REACH <= to) to = op;
      else break;
    }
    if (from >= to) continue;
    // Key words hold no `:` or `=`, so each one that ends before `to` lies in this slice.
    const win = text.slice(from, to);
    KEYWORD.lastIndex = 0;
    for (let m = KEYWORD.exec(win); m; m = KEYWORD.exec(win)) {
      const at = from + m.index + m[0].length;
      const end = keyedAt(text, at, m[0], minEntropy, segment, out);
      cursor = end === -1 ? at : Math.max(end, at);
      if (cursor - from >= win.length) break;
      KEYWORD.lastIndex = cursor - from;
    }
  }
}

/** The first `:` or `=` at or after `from`, or -1. */
function nextSign(text: string, from: number): number {
  const colon = text.indexOf(':', from);
  const equals = text.indexOf('=', from);
  return colon === -1 ? equals : equals === -1 ? colon : Math.min(colon, equals);
}

/** Spaces and tabs right before `at`. */
function blanksBefore(text: string, at: number): number {
  let k = at;
  while (k > 0 && isBlank(text.charCodeAt(k - 1))) k--;
  return at - k;
}

/**
 * The assignment after the key word `name` ending at `at`, and its value if it looks like a secret
 * (pushed to `out`). Returns where the value ends, or -1 when no `:` / `=` follows the name.
 */
function keyedAt(
  text: string,
  at: number,
  name: string,
  minEntropy: number,
  segment: number,
  out: Hit[],
): number {
  const n = text.length;
  let i = at;
  // Up to a few characters of the rest of the name (`_ID`, `"`), then `:`, `=` or `=>`.
  const nameEnd = i + 8;
  while (i < n && i < nameEnd && inTable(WORD, text.charCodeAt(i))) i++;
  if (isQuote(text.charCodeAt(i))) i++;
  while (isBlank(text.charCodeAt(i))) i++;
  const op = text.charCodeAt(i);
  if (op !== 58 && op !== 61) return -1; // : =
  i++;
  if (text.charCodeAt(i) === 62) i++; // =>
  while (isBlank(text.charCodeAt(i))) i++;
  if (isQuote(text.charCodeAt(i)) || text.charCodeAt(i) === 96) i++;
  const start = i;
  while (i < n && i - start < 256 && !inTable(VALUE_STOP, text.charCodeAt(i))) i++;
  // Shape first, on the text in place: most keyed values (short, one class) are dismissed without
  // a string being made; the value is copied only for the placeholder and entropy checks, and the
  // key name lower-cased only when its length could make it a password or an AWS secret key name.
  const len = i - start;
  if (len < 8) return i;
  const kinds = classes(text, start, i);
  if (kinds < 2 && len !== 40) return i;
  let type: 'aws_secret_access_key' | 'password' | 'generic_secret' | undefined;
  if (len === 40 && name.length >= 13) {
    const word = name.toLowerCase();
    if (word.includes('secret_access') || word === 'secretaccesskey') {
      const value = text.slice(start, i);
      if (/^[A-Za-z0-9/+]{40}$/.test(value) && !isPlaceholder(value)) type = 'aws_secret_access_key';
    }
  }
  if (!type && kinds >= 2) {
    const word = name.length === 6 || name.length === 8 ? name.toLowerCase() : '';
    if (word === 'password' || word === 'passwd') type = 'password';
    else if (len >= 16) type = 'generic_secret';
    if (type && isPlaceholder(text.slice(start, i))) type = undefined;
    if (type === 'generic_secret' && entropy(text, start, i) < minEntropy) type = undefined;
  }
  if (type === 'aws_secret_access_key')
    out.push({ segment, start, end: i, type, score: 1, reason: 'rule: aws_secret_access_key' });
  else if (type === 'password')
    out.push({ segment, start, end: i, type, score: 0.8, reason: 'context: password' });
  else if (type === 'generic_secret')
    out.push({ segment, start, end: i, type, score: 0.7, reason: 'context: high-entropy value' });
  return i;
}

const isQuote = (c: number) => c === 34 || c === 39; // " '
const isBlank = (c: number) => c === 32 || c === 9;

const PLACEHOLDER =
  /^(?:\$\{.*\}|\$[A-Z_]+|<.*>|\{\{.*\}\}|%s|\*+|x+|\.+|null|none|changeme|password|secret|redacted)$/i;

/** Words that mark a value as a stand-in, in any case. */
const PLACEHOLDER_WORDS = /example|your_|xxxx/i;

function isPlaceholder(v: string): boolean {
  if (v.length === 0 || v.length > 300) return true;
  return PLACEHOLDER.test(v) || PLACEHOLDER_WORDS.test(v);
}

/** How many of lower, upper, digit and other characters `text[start, end)` holds. */
function classes(text: string, start: number, end: number): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

const ASCII_COUNTS = new Int32Array(128);
// n·log2(n) for the counts a keyed value (at most 256 characters) can hold: entropy is
// log2(len) - Σ n·log2(n) / len, one table read per distinct character instead of a logarithm.
const N_LOG_N = Float64Array.from({ length: 257 }, (_, n) => (n < 2 ? 0 : n * Math.log2(n)));
const nLogN = (n: number) => (n <= 256 ? N_LOG_N[n]! : n * Math.log2(n));

/** Shannon entropy in bits per character of `v[start, end)` (the whole string by default). */
export function entropy(v: string, start = 0, end = v.length): number {
  const len = end - start;
  if (len <= 0) return 0;
  let wide: Map<number, number> | undefined;
  for (let i = start; i < end; i++) {
    const c = v.charCodeAt(i);
    if (c < 128) ASCII_COUNTS[c]!++;
    else {
      wide ??= new Map();
      wide.set(c, (wide.get(c) ?? 0) + 1);
    }
  }
  let sum = 0;
  // Read and reset only the characters present, so the shared table is clean for the next call.
  for (let i = start; i < end; i++) {
    const c = v.charCodeAt(i);
    if (c < 128 && ASCII_COUNTS[c]! > 0) {
      sum += nLogN(ASCII_COUNTS[c]!);
      ASCII_COUNTS[c] = 0;
    }
  }
  if (wide) for (const n of wide.values()) sum += nLogN(n);
  return Math.log2(len) - sum / len;
}
