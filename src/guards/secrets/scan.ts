// The secrets scanner: prefix rules, PEM private keys, JWTs, database URLs with passwords and
// high-entropy values in key-like context. Every loop moves forward; nothing rescans, so hostile
// input costs linear time.

import type { Finding } from '../types.ts';
import { charTable, inTable, TOKEN_RULES } from './rules.ts';

export interface ScanOptions {
  readonly disable: ReadonlySet<string>;
  readonly minEntropy: number;
}

type Hit = Omit<Finding, 'segment'>;

const WORD = charTable('A-Za-z0-9_');
const B64URL = charTable('A-Za-z0-9_-');
const tables = TOKEN_RULES.map((r) => charTable(r.body));

/** Every secret in `text`, in no particular order. */
export function scanSecrets(text: string, opts: ScanOptions): Hit[] {
  const out: Hit[] = [];
  TOKEN_RULES.forEach((rule, i) => {
    if (opts.disable.has(rule.type)) return;
    const body = tables[i]!;
    rule.re.lastIndex = 0;
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
      out.push({ start, end, type: rule.type, score: 1, reason: `rule: ${rule.type}` });
      rule.re.lastIndex = end;
    }
  });
  if (!opts.disable.has('private_key')) privateKeys(text, out);
  if (!opts.disable.has('jwt')) jwts(text, out);
  if (!opts.disable.has('database_url_password')) databaseUrls(text, out);
  if (opts.disable.has('generic_secret')) return out;
  const keyed: Hit[] = [];
  keyedValues(text, opts.minEntropy, keyed);
  if (keyed.length === 0) return out;
  // A keyed value that is already a known format keeps only its precise type.
  const covered = new Uint8Array(text.length);
  for (const h of out) covered.fill(1, h.start, h.end);
  for (const h of keyed) if (!covered[h.start] && !covered[h.end - 1]) out.push(h);
  return out;
}

const PEM = /-----BEGIN (?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;

/** The header alone is enough (a stream may not have the rest yet); the span runs to the END line. */
function privateKeys(text: string, out: Hit[]): void {
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
    out.push({ start: m.index, end, type: 'private_key', score: 1, reason: 'rule: private_key' });
    PEM.lastIndex = end;
  }
}

/** header.payload[.signature], both base64url JSON objects (`eyJ`). */
function jwts(text: string, out: Hit[]): void {
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
        out.push({ start: i, end, type: 'jwt', score: 1, reason: 'rule: jwt' });
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
function databaseUrls(text: string, out: Hit[]): void {
  DB_SCHEME.lastIndex = 0;
  for (let m = DB_SCHEME.exec(text); m; m = DB_SCHEME.exec(text)) {
    const from = m.index + m[0].length;
    let i = from;
    while (
      i < text.length &&
      i - from < 256 &&
      text[i] !== '@' &&
      !inTable(USERINFO_STOP, text.charCodeAt(i))
    )
      i++;
    DB_SCHEME.lastIndex = Math.max(i, from);
    if (text[i] !== '@') continue;
    const colon = text.indexOf(':', from);
    if (colon === -1 || colon >= i - 1) continue;
    const password = text.slice(colon + 1, i);
    if (isPlaceholder(password)) continue;
    out.push({
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

/** `api_key = "…"`, `secret: …`: a value after a key-like name and an assignment, if it looks random. */
function keyedValues(text: string, minEntropy: number, out: Hit[]): void {
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(text); m; m = KEYWORD.exec(text)) {
    let i = m.index + m[0].length;
    // Up to a few characters of the rest of the name (`_ID`, `"`), then `:`, `=` or `=>`.
    const nameEnd = i + 8;
    while (i < text.length && i < nameEnd && inTable(WORD, text.charCodeAt(i))) i++;
    if (text[i] === '"' || text[i] === "'") i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== ':' && text[i] !== '=') continue;
    i++;
    if (text[i] === '>') i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '"' || text[i] === "'" || text[i] === '`') i++;
    const start = i;
    while (i < text.length && i - start < 256 && !inTable(VALUE_STOP, text.charCodeAt(i))) i++;
    KEYWORD.lastIndex = Math.max(i, KEYWORD.lastIndex);
    // Shape first, on the text in place: most keyed values (short, one class) are dismissed without
    // a string being made; the value is copied only for the placeholder and entropy checks.
    const len = i - start;
    if (len < 8) continue;
    const kinds = classes(text, start, i);
    if (kinds < 2 && len !== 40) continue;
    const word = m[0].toLowerCase();
    let type: 'aws_secret_access_key' | 'password' | 'generic_secret' | undefined;
    if ((word.includes('secret_access') || word === 'secretaccesskey') && len === 40) {
      const value = text.slice(start, i);
      if (/^[A-Za-z0-9/+]{40}$/.test(value) && !isPlaceholder(value)) type = 'aws_secret_access_key';
    }
    if (!type && kinds >= 2) {
      if (word === 'password' || word === 'passwd') type = 'password';
      else if (len >= 16) type = 'generic_secret';
      if (type && isPlaceholder(text.slice(start, i))) type = undefined;
      if (type === 'generic_secret' && entropy(text, start, i) < minEntropy) type = undefined;
    }
    if (type === 'aws_secret_access_key')
      out.push({ start, end: i, type, score: 1, reason: 'rule: aws_secret_access_key' });
    else if (type === 'password') out.push({ start, end: i, type, score: 0.8, reason: 'context: password' });
    else if (type === 'generic_secret')
      out.push({ start, end: i, type, score: 0.7, reason: 'context: high-entropy value' });
  }
}

const PLACEHOLDER =
  /^(?:\$\{.*\}|\$[A-Z_]+|<.*>|\{\{.*\}\}|%s|\*+|x+|\.+|null|none|changeme|password|secret|redacted)$/i;

function isPlaceholder(v: string): boolean {
  if (v.length === 0 || v.length > 300) return true;
  const lower = v.toLowerCase();
  return (
    PLACEHOLDER.test(v) || lower.includes('example') || lower.includes('your_') || lower.includes('xxxx')
  );
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

/** Shannon entropy in bits per character of `v[start, end)` (the whole string by default). */
export function entropy(v: string, start = 0, end = v.length): number {
  const len = end - start;
  let wide: Map<number, number> | undefined;
  for (let i = start; i < end; i++) {
    const c = v.charCodeAt(i);
    if (c < 128) ASCII_COUNTS[c]!++;
    else {
      wide ??= new Map();
      wide.set(c, (wide.get(c) ?? 0) + 1);
    }
  }
  let h = 0;
  // Read and reset only the characters present, so the shared table is clean for the next call.
  for (let i = start; i < end; i++) {
    const c = v.charCodeAt(i);
    const n = c < 128 ? ASCII_COUNTS[c]! : 0;
    if (n > 0) {
      const p = n / len;
      h -= p * Math.log2(p);
      ASCII_COUNTS[c] = 0;
    }
  }
  if (wide)
    for (const n of wide.values()) {
      const p = n / len;
      h -= p * Math.log2(p);
    }
  return h;
}
