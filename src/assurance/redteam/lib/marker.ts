// Markers a payload asks the target to say: letters no strategy rewrites (no a/e/i/o/s/t, upper case),
// so an obfuscated payload that is obeyed still yields the marker verbatim.

import type { Rng } from '../types.ts';

const ALPHABET = 'BCDFGHJKLMNPQRVWXYZ';

/** `PWN-` and twelve letters (≈ 51 bits), drawn from the run's seed. */
export function marker(rng: Rng): string {
  return `PWN-${Array.from({ length: 12 }, () => rng.pick([...ALPHABET])).join('')}`;
}
