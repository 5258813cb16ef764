// The CI gate: attack success rates (over all strategies and repeats) against configured maxima,
// globally and per probe; errors and unscored attempts can be capped too, so a dead endpoint never passes.

import { z } from 'zod';
import type { RunResult, Totals, Violation } from './result.ts';

const limits = z
  .object({
    /** Largest acceptable attack success rate, 0–1. */
    maxAsr: z.number().min(0).max(1).optional(),
    /** Largest acceptable share of attempts in error. */
    maxErrorRate: z.number().min(0).max(1).optional(),
    /** Largest acceptable share of attempts that could not be scored. */
    maxUnscoredRate: z.number().min(0).max(1).optional(),
  })
  .strict();

export const thresholdsSchema = limits.extend({ probes: z.record(z.string(), limits).default({}) }).strict();
export type Thresholds = z.infer<typeof thresholdsSchema>;

function check(scope: string, t: Totals, l: z.infer<typeof limits>, out: Violation[]): void {
  if (l.maxAsr !== undefined && t.asr !== null && t.asr > l.maxAsr)
    out.push({ scope, metric: 'asr', value: t.asr, limit: l.maxAsr });
  const rate = (k: number): number => (t.attempts ? k / t.attempts : 0);
  if (l.maxErrorRate !== undefined && rate(t.errors) > l.maxErrorRate)
    out.push({ scope, metric: 'error_rate', value: rate(t.errors), limit: l.maxErrorRate });
  if (l.maxUnscoredRate !== undefined && rate(t.unscored) > l.maxUnscoredRate)
    out.push({ scope, metric: 'unscored_rate', value: rate(t.unscored), limit: l.maxUnscoredRate });
}

/** Applies thresholds: global limits to the totals, per-probe limits to that probe's totals. */
export function applyGate(r: RunResult, th: Thresholds): NonNullable<RunResult['gate']> {
  const violations: Violation[] = [];
  check('global', r.totals, th, violations);
  for (const [probe, l] of Object.entries(th.probes)) {
    const t = r.probes[probe];
    if (t) check(probe, t, l, violations);
    else violations.push({ scope: probe, metric: 'not_run', value: 1, limit: 0 });
  }
  return { passed: violations.length === 0, violations };
}
