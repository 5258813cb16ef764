// Artifact names, aliases and version references (`name`, `name@3`, `name@prod`), validated by a
// linear scan: they end up in paths, logs and SQL parameters.

export type Ref = { readonly name: string; readonly version?: number; readonly alias?: string };

/** Why `name` is not a valid artifact name (letters, digits, `._-`, `/` between segments; ≤128). */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 128) return 'artifact names are 1-128 characters';
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') return `"${name}": empty, "." or ".." segment`;
    if (!isAlnum(seg.charCodeAt(0))) return `"${name}": each segment starts with a letter or digit`;
    for (let i = 0; i < seg.length; i++) {
      const c = seg.charCodeAt(i);
      if (!isAlnum(c) && c !== 46 && c !== 95 && c !== 45)
        return `"${name}": only letters, digits, . _ - and /`;
    }
  }
  return undefined;
}

/** Why `alias` is not a valid alias (a name segment that is not all digits), or undefined. */
export function aliasProblem(alias: string): string | undefined {
  if (alias.includes('/') || nameProblem(alias)) return `alias "${alias}": letters, digits, . _ - (≤128)`;
  if (/^[0-9]+$/.test(alias)) return `alias "${alias}" would read as a version number`;
  return undefined;
}

/** Parses `name`, `name@7` or `name@alias`. */
export function parseRef(text: string): { ok: true; ref: Ref } | { ok: false; error: string } {
  const at = text.lastIndexOf('@');
  const name = at === -1 ? text : text.slice(0, at);
  const tail = at === -1 ? undefined : text.slice(at + 1);
  const np = nameProblem(name);
  if (np) return { ok: false, error: np };
  if (tail === undefined) return { ok: true, ref: { name } };
  if (/^[0-9]{1,9}$/.test(tail)) return { ok: true, ref: { name, version: Number(tail) } };
  const ap = aliasProblem(tail);
  return ap ? { ok: false, error: ap } : { ok: true, ref: { name, alias: tail } };
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
