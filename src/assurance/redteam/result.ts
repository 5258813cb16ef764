// The one result model every report is rendered from (JSON, HTML, JUnit, SARIF) and that diff, the
// gate and the store read back. Validated with zod when read from a file: results are input too.

import { z } from 'zod';

export const OUTCOMES = ['success', 'resisted', 'error', 'blocked', 'unscored'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const counts = {
  attempts: z.number().int().nonnegative(),
  successes: z.number().int().nonnegative(),
  resisted: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  blocked: z.number().int().nonnegative(),
  unscored: z.number().int().nonnegative(),
  /** successes ÷ (successes + resisted + blocked); null when nothing was scored. */
  asr: z.number().min(0).max(1).nullable(),
  /** 95% bootstrap interval of asr. */
  ci: z.tuple([z.number(), z.number()]).nullable(),
  /**
   * Benign look-alike probes only: refusals by the model (`model`, the attempts' successes) apart from
   * guard blocks (`guard`), and (model + guard) ÷ scored as the false-refusal rate users see.
   */
  falseRefusals: z
    .object({
      model: z.number().int().nonnegative(),
      guard: z.number().int().nonnegative(),
      rate: z.number().min(0).max(1).nullable(),
    })
    .optional(),
};

export const cellSchema = z.object({
  probe: z.string(),
  strategy: z.string(),
  owasp: z.array(z.string()),
  atlas: z.array(z.string()),
  ...counts,
  /** Denial codes that blocked attempts, with counts (`guard.canary`: 3). */
  blockedBy: z.record(z.string(), z.number()),
});
export type Cell = z.infer<typeof cellSchema>;

export const totalsSchema = z.object(counts);
export type Totals = z.infer<typeof totalsSchema>;

export const attemptSchema = z.object({
  probe: z.string(),
  strategy: z.string(),
  case: z.string(),
  repeat: z.number().int(),
  outcome: z.enum(OUTCOMES),
  reason: z.string(),
  code: z.string().optional(),
  /** The first 300 characters of the answer, for triage. */
  excerpt: z.string().optional(),
  /** The grader that decided (the judge replaces a heuristic grader when configured). */
  grader: z.string().optional(),
  /** Adaptive strategies (pair, crescendo): what the attack spent and how the attacker behaved. */
  adaptive: z
    .object({
      iterations: z.number().int(),
      targetRequests: z.number().int(),
      attackerRequests: z.number().int(),
      attackerRefusals: z.number().int(),
      attackerErrors: z.number().int(),
      judgeRequests: z.number().int(),
      judgeUnparseable: z.number().int(),
      backtracks: z.number().int(),
      bestScore: z.number(),
      /** The prompt (or last turn) that produced the verdict, first 500 characters. */
      prompt: z.string().optional(),
    })
    .optional(),
});
export type Attempt = z.infer<typeof attemptSchema>;

const coverageItem = z.object({
  id: z.string(),
  title: z.string(),
  probes: z.array(z.string()),
  attempts: z.number().int(),
  successes: z.number().int(),
});

export const violationSchema = z.object({
  scope: z.string(),
  metric: z.string(),
  value: z.number(),
  limit: z.number(),
});
export type Violation = z.infer<typeof violationSchema>;

export const runResultSchema = z.object({
  schema: z.literal('parapet.redteam/v1'),
  id: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  target: z.object({ kind: z.string(), url: z.string(), model: z.string().optional() }),
  model: z.object({ name: z.string(), version: z.string().optional() }).optional(),
  seed: z.number().int(),
  repeats: z.number().int(),
  casesPerProbe: z.number().int(),
  requests: z.number().int(),
  budget: z.number().int(),
  plugins: z.object({
    probes: z.record(z.string(), z.string()),
    strategies: z.record(z.string(), z.string()),
    graders: z.record(z.string(), z.object({ version: z.string(), rubricHash: z.string().optional() })),
  }),
  graderAccuracy: z
    .record(
      z.string(),
      z.object({ precision: z.number(), recall: z.number(), n: z.number(), data: z.string() }),
    )
    .optional(),
  /** The judge model and the pinned rubrics it answered (YES/NO grading, 1–10 scoring). */
  judge: z
    .object({
      kind: z.string(),
      url: z.string(),
      model: z.string().optional(),
      rubricHash: z.string(),
      scoreRubricHash: z.string(),
      requests: z.number().int(),
    })
    .optional(),
  /** The attacker model behind adaptive strategies, its pinned prompts and what it did. */
  attacker: z
    .object({
      kind: z.string(),
      url: z.string(),
      model: z.string().optional(),
      /** SHA-256 of each adaptive strategy's pinned attacker system prompt. */
      prompts: z.record(z.string(), z.string()),
      limits: z.object({
        iterations: z.number().int(),
        streams: z.number().int(),
        turns: z.number().int(),
        backtracks: z.number().int(),
      }),
      requests: z.number().int(),
      refusals: z.number().int(),
      errors: z.number().int(),
      judgeRequests: z.number().int(),
      judgeUnparseable: z.number().int(),
    })
    .optional(),
  totals: totalsSchema,
  probes: z.record(z.string(), totalsSchema),
  cells: z.array(cellSchema),
  coverage: z.object({
    owasp: z.array(coverageItem),
    atlasTactics: z.array(coverageItem),
    /** Probes run ÷ probes mapped to the item, over the whole suite. */
    ratio: z.number(),
  }),
  gate: z.object({ passed: z.boolean(), violations: z.array(violationSchema) }).optional(),
  attempts: z.array(attemptSchema),
});
export type RunResult = z.infer<typeof runResultSchema>;
