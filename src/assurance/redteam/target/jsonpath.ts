// A small, safe JSONPath subset for reading answers out of arbitrary JSON: `$`, `.name`, `['name']`,
// `[0]`, `[-1]`, `[*]`. Parsed once into steps; evaluation walks data, never evaluates code.

export type Step = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'all' };

/** Parses a path; returns an error message instead of throwing on bad input. */
export function parsePath(path: string): { ok: true; steps: Step[] } | { ok: false; error: string } {
  if (path.length > 500) return { ok: false, error: 'path longer than 500 characters' };
  if (!path.startsWith('$')) return { ok: false, error: 'path must start with $' };
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      let j = i + 1;
      while (j < path.length && /[A-Za-z0-9_$-]/.test(path[j]!)) j++;
      if (j === i + 1) {
        if (path[j] === '*') {
          steps.push({ kind: 'all' });
          i = j + 1;
          continue;
        }
        return { ok: false, error: `expected a name after '.' at ${i}` };
      }
      steps.push({ kind: 'key', key: path.slice(i + 1, j) });
      i = j;
    } else if (c === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) return { ok: false, error: `unclosed '[' at ${i}` };
      const inner = path.slice(i + 1, end).trim();
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?\d{1,9}$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) steps.push({ kind: 'key', key: inner.slice(1, -1) });
      else return { ok: false, error: `unsupported selector [${inner}] at ${i}` };
      i = end + 1;
    } else return { ok: false, error: `unexpected '${c}' at ${i}` };
  }
  return { ok: true, steps };
}

/** Every value the path selects, in document order. */
export function select(steps: readonly Step[], value: unknown): unknown[] {
  let cur: unknown[] = [value];
  for (const s of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (s.kind === 'all') {
        if (Array.isArray(v)) next.push(...v);
        else if (v && typeof v === 'object') next.push(...Object.values(v));
      } else if (s.kind === 'index') {
        if (Array.isArray(v)) {
          const x = v[s.index < 0 ? v.length + s.index : s.index];
          if (x !== undefined) next.push(x);
        }
      } else if (v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, s.key)) {
        next.push((v as Record<string, unknown>)[s.key]);
      }
    }
    cur = next;
  }
  return cur;
}
