// Parameterised SQL is written once with PostgreSQL's `$1, $2 …` placeholders; SQLite's numbered
// form is `?1, ?2 …`. A linear scanner translates outside quoted strings and identifiers.

/** Rewrites `$N` placeholders as `?N`, leaving quoted text untouched. */
export function toSqlitePlaceholders(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      out += c;
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      out += c;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (c === '$' && next >= 48 && next <= 57) {
      out += '?';
      continue;
    }
    out += c;
  }
  return out;
}

/** Converts parameter values to what node:sqlite binds (it has no booleans). */
export function sqliteParams(params: readonly unknown[]): (string | number | bigint | null | Uint8Array)[] {
  return params.map((p) => {
    if (p === undefined || p === null) return null;
    if (typeof p === 'boolean') return p ? 1 : 0;
    return p as string | number | bigint | Uint8Array;
  });
}
