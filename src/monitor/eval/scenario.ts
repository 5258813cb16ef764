// A replay scenario: the victim, the benign population (with its hard cases), the attackers and an
// optional drift, as YAML validated here. Seeds are fixed, so a scenario replays the same every time.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { monitorConfig } from '../options.ts';

const attacker = z
  .object({
    kind: z.enum(['hopskipjump', 'papernot', 'knockoff', 'equation', 'scraper', 'ramp']),
    /** A label for the report (default: kind and accounts). */
    name: z.string().max(60).optional(),
    runs: z.number().int().min(1).max(1000).default(1),
    /** Queries per run (default 2000; for papernot: the seeds and rounds decide, this only caps). */
    budget: z.number().int().min(10).max(1_000_000).optional(),
    /** Accounts the run is split across (round robin), each from its own source address. */
    accounts: z.number().int().min(1).max(10_000).default(1),
    /**
     * Where the accounts' addresses are: `one` — every run has a /24 of its own, shared by its
     * accounts; `many` — every account comes from a different /24 (proxies, cloud ranges).
     */
    networks: z.enum(['one', 'many']).default('one'),
    /** Queries per second while active. */
    ratePerSecond: z.number().positive().max(1000).default(2),
    /** Adaptive: Gaussian noise added to each query, in feature units. */
    noise: z.number().min(0).max(100).default(0),
    /** Adaptive: chance of a pause after a query, and the pause's mean length. */
    pauseChance: z.number().min(0).max(1).default(0),
    pauseSeconds: z.number().min(0).max(86_400).default(0),
    /** papernot: natural seed inputs (the paper: 150 for MNIST's 10 classes). */
    seeds: z.number().int().min(10).max(10_000).default(150),
    /** papernot: augmentation rounds ρ (the paper: 6, so 150 · 2⁶ = 9,600 labels). */
    rounds: z.number().int().min(0).max(12).default(6),
    /** papernot: step λ in units of the input box (max − min); the paper's 0.1 on [0, 1] pixels. */
    lambda: z.number().positive().max(1).default(0.1),
    /** papernot: substitute training epochs per round (the reference code: 10). */
    epochs: z.number().int().min(1).max(200).default(10),
    /** papernot: the substitute's hidden layers (the paper's DNN: two of 200 units). */
    hidden: z.array(z.number().int().min(1).max(2000)).min(1).max(4).default([200, 200]),
    /** papernot: flip the step's sign every τ rounds (0: never, as in Algorithm 1). */
    tau: z.number().int().min(0).max(100).default(0),
    /** papernot: reservoir sampling — after σ rounds, augment only κ sampled points per round. */
    reservoir: z
      .object({ sigma: z.number().int().min(0).max(100), kappa: z.number().int().min(1).max(100_000) })
      .strict()
      .optional(),
    /** ramp: days of doubling, and the first day's requests. */
    days: z.number().int().min(2).max(60).default(6),
    firstDay: z.number().int().min(1).default(20),
  })
  .strict()
  .transform((a) => ({
    ...a,
    budget:
      a.budget ??
      (a.kind === 'papernot'
        ? a.reservoir
          ? a.seeds * 2 ** Math.min(a.rounds, a.reservoir.sigma) +
            Math.max(0, a.rounds - a.reservoir.sigma) * a.reservoir.kappa
          : a.seeds * 2 ** a.rounds
        : 2000),
  }));

export const scenarioSchema = z
  .object({
    name: z.string().min(1).max(100),
    seed: z.number().int().default(1),
    victim: z
      .object({
        dataset: z
          .string()
          .regex(/^[a-z0-9_]{1,64}$/)
          .default('digits_8x8'),
        model: z.string().min(1).max(100).default('digits'),
        epochs: z.number().int().min(1).max(500).default(30),
        /** Feature range attackers stay in. */
        min: z.number().default(0),
        max: z.number().default(16),
      })
      .strict()
      .prefault({}),
    days: z.number().positive().max(365).default(7),
    benign: z
      .object({
        users: z.number().int().min(1).max(1_000_000).default(2000),
        requests: z.number().int().min(0).max(100_000_000).default(1_000_000),
        powerShare: z.number().min(0).max(1).default(0.05),
        batchShare: z.number().min(0).max(1).default(0.02),
        /** A batch job's daily run, requests (sent at one per second). */
        batchSize: z.number().int().min(1).default(500),
        retryChance: z.number().min(0).max(1).default(0.03),
        burstChance: z.number().min(0).max(1).default(0.01),
        /** Noise on the non-zero features of natural inputs (standard deviation, feature units). */
        noise: z.number().min(0).default(1.5),
      })
      .strict()
      .prefault({}),
    attackers: z.array(attacker).max(100).default([]),
    drift: z
      .object({
        atDay: z.number().min(0),
        kind: z.enum(['add', 'shift', 'scale']),
        value: z.number(),
      })
      .strict()
      .optional(),
    monitor: monitorConfig.pick({ detectors: true, alerts: true }).prefault({}),
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema>;
export type AttackerSpec = z.output<typeof attacker>;

/** Reads and validates a scenario file; the error lists every problem with its path. */
export function loadScenario(
  path: string,
): { ok: true; scenario: Scenario } | { ok: false; errors: string[] } {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return { ok: false, errors: [`${path}: ${(err as Error).message}`] };
  }
  const r = scenarioSchema.safeParse(raw ?? {});
  if (!r.success)
    return { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  return { ok: true, scenario: r.data };
}
