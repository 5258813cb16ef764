// Small seeded helpers the synthetic-text generators share: pick from a pool, fill `{slot}` templates.

export type R = () => number;

export const pick = <T>(xs: readonly T[], r: R): T => xs[Math.floor(r() * xs.length)]!;

export const maybe = (p: number, s: string, r: R): string => (r() < p ? s : '');

export const cap = (s: string): string => (s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Fills `{slot}` markers from `slots` (each slot a pool, or a function for nested phrases). */
export function fill(
  t: string,
  slots: Readonly<Record<string, readonly string[] | ((r: R) => string)>>,
  r: R,
): string {
  let out = '';
  let i = 0;
  for (;;) {
    const a = t.indexOf('{', i);
    if (a === -1) return out + t.slice(i);
    const b = t.indexOf('}', a);
    const name = t.slice(a + 1, b);
    const pool = slots[name];
    if (pool === undefined) {
      // Not a slot (a brace inside a document or code): copied as it is.
      out += t.slice(i, a + 1);
      i = a + 1;
      continue;
    }
    const v = typeof pool === 'function' ? pool(r) : pick(pool, r);
    out += t.slice(i, a) + (v.includes('{') && typeof pool !== 'function' ? fill(v, slots, r) : v);
    i = b + 1;
  }
}
