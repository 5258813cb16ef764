// A seeded PRNG (mulberry32) so the same seed yields the same cases, strategies and bootstrap samples.

import { randomBytes } from 'node:crypto';
import type { Rng } from '../types.ts';

/** A deterministic random source from a 32-bit seed. */
export function seeded(seed: number): Rng {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!,
    // Canaries are drawn from the OS, not the seed: 128 bits nobody (and no model) can guess.
    hex128: () => randomBytes(16).toString('hex'),
  };
}

/** Derives a child seed from a seed and a label, so adding a probe does not shift another's cases. */
export function derive(seed: number, label: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
