// Coarsening what a suspect identity learns from each answer: rounded or noised class probabilities
// that keep the top label (honest callers still get the right answer) but starve extraction and
// boundary search of the fine-grained scores they feed on (Tramèr et al. 2016; Orekondy et al. 2020).

import { z } from 'zod';
import { fnv1a, gauss, rng } from '../lib/random.ts';

export const perturbOptions = z.discriminatedUnion('mode', [
  /** Round each probability to `decimals` places. */
  z.object({ mode: z.literal('round'), decimals: z.number().int().min(0).max(6).default(1) }).strict(),
  /** Add Gaussian noise of `scale` (in probability units), seeded per request so replays are stable. */
  z.object({ mode: z.literal('noise'), scale: z.number().min(0).max(1).default(0.1) }).strict(),
  /** Return only the top label: probability 1 for it, 0 for the rest. */
  z.object({ mode: z.literal('top1') }).strict(),
]);

export type PerturbOptions = z.input<typeof perturbOptions>;

/**
 * Perturbs class probabilities for a flagged identity. The arg-max class never changes; the result
 * sums to 1 (up to rounding in `round` mode). `seed` (e.g. the request id) makes noise reproducible.
 *
 * @example
 * perturbConfidences([0.51, 0.49], { mode: 'round', decimals: 1 }) // → [0.5, 0.5] with class 0 kept on top: [0.6, 0.4]
 */
export function perturbConfidences(probs: readonly number[], opts: PerturbOptions, seed = ''): number[] {
  const o = perturbOptions.parse(opts);
  const n = probs.length;
  if (n === 0) return [];
  let top = 0;
  for (let i = 1; i < n; i++) if (probs[i]! > probs[top]!) top = i;
  if (o.mode === 'top1') return probs.map((_, i) => (i === top ? 1 : 0));
  let out: number[];
  if (o.mode === 'noise') {
    const r = rng(fnv1a(seed || probs.join(',')));
    out = probs.map((p) => Math.max(0, p + o.scale * gauss(r)));
  } else out = [...probs];
  // Keep the top class on top: lift it just above the largest other value.
  let other = 0;
  for (let i = 0; i < n; i++) if (i !== top) other = Math.max(other, out[i]!);
  if (out[top]! <= other) out[top] = other + 1e-6;
  const sum = out.reduce((a, b) => a + b, 0) || 1;
  out = out.map((p) => p / sum);
  if (o.mode === 'round') {
    const f = 10 ** o.decimals;
    const step = 1 / f;
    out = out.map((p) => Math.round(p * f) / f);
    let second = 0;
    for (let i = 0; i < n; i++) if (i !== top) second = Math.max(second, out[i]!);
    if (out[top]! <= second) out[top] = Math.round((second + step) * f) / f;
  }
  return out;
}
