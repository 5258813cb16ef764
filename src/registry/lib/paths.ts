// Path rules of OMS v1.0 §6.1.2 and §6.2: canonical POSIX names, code-point order, the default and
// user ignore lists, and the checks that keep a manifest name from pointing outside the model root.

/** Paths every OMS signer and verifier leaves out, matched as top-level components of the root. */
export const DEFAULT_IGNORES: readonly string[] = ['.git', '.gitattributes', '.github', '.gitignore'];

/** Orders strings by Unicode code point (UTF-8 byte order), as OMS requires; JS `<` is UTF-16 order. */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Why a manifest or ignore-list path is not canonical, or undefined when it is. Canonical: relative,
 * `/`-separated, no empty, `.` or `..` component, no trailing `/`, no NUL or backslash.
 */
export function pathProblem(p: string): string | undefined {
  if (p.length === 0) return 'empty path';
  if (p.length > 4096) return 'path longer than 4096 characters';
  if (p.startsWith('/')) return 'absolute path';
  if (p.includes('\0')) return 'NUL in path';
  if (p.includes('\\')) return 'backslash in path';
  for (const part of p.split('/')) {
    if (part === '') return 'empty path component (leading, trailing or doubled /)';
    if (part === '.') return '"." path component';
    if (part === '..') return '".." path component (parent traversal)';
  }
  return undefined;
}

/**
 * Normalises a user-supplied ignore entry to canonical form (`./a//b/` → `a/b`), or returns an error
 * for entries OMS forbids: globs, absolute paths and parent traversal.
 */
export function normaliseIgnore(entry: string): { ok: true; path: string } | { ok: false; error: string } {
  if (/[*?[]/.test(entry)) return { ok: false, error: `ignore path "${entry}" contains a glob character` };
  if (entry.startsWith('/')) return { ok: false, error: `ignore path "${entry}" is absolute` };
  const parts = entry.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) return { ok: false, error: `ignore path "${entry}" contains ".."` };
  if (parts.length === 0) return { ok: false, error: `ignore path "${entry}" names the model root` };
  return { ok: true, path: parts.join('/') };
}

/** True when `rel` is one of the ignore paths or lies beneath one. */
export function isIgnored(rel: string, ignores: ReadonlySet<string>): boolean {
  if (ignores.has(rel)) return true;
  let i = rel.indexOf('/');
  while (i !== -1) {
    if (ignores.has(rel.slice(0, i))) return true;
    i = rel.indexOf('/', i + 1);
  }
  return false;
}

/**
 * Splits a shard resource name `path:start:end` on its last two colons (file names may contain
 * colons). Returns undefined when the suffix is not two decimal integers with start < end.
 */
export function parseShardName(name: string): { path: string; start: number; end: number } | undefined {
  const j = name.lastIndexOf(':');
  if (j <= 0) return undefined;
  const i = name.lastIndexOf(':', j - 1);
  if (i <= 0) return undefined;
  const s = name.slice(i + 1, j);
  const e = name.slice(j + 1);
  if (!isDecimal(s) || !isDecimal(e)) return undefined;
  const start = Number(s);
  const end = Number(e);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= end) return undefined;
  return { path: name.slice(0, i), start, end };
}

function isDecimal(s: string): boolean {
  if (s.length === 0 || s.length > 16) return false;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
