// A seeded PRNG (mulberry32) so the same seed yields the same cases, strategies and bootstrap samples.

import { randomBytes } from 'node:crypto';
import { fnv1a, rng } from '../../../lib/random.ts';
import type { Rng } from '../types.ts';

/** A deterministic random source from a 32-bit seed. */
export function seeded(seed: number): Rng {
  const next = rng(seed);
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
  return fnv1a(label, seed ^ 0x811c9dc5);
}
