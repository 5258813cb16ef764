// redteam.yaml: the target, the run's bounds, which probes and strategies, the CI thresholds and the
// report files. Validated with zod; every error names its path.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { thresholdsSchema } from './gate.ts';
import { openaiTarget, targetConfig } from './target/index.ts';

export const redteamConfigSchema = z
  .object({
    target: targetConfig,
    /** A model that answers the LLM-judge rubric (optional). */
    judge: targetConfig.optional(),
    /** An attacker model (OpenAI-compatible): enables the adaptive strategies pair and crescendo. */
    attacker: z
      .object({
        endpoint: openaiTarget,
        /** PAIR: refinements per stream. */
        iterations: z.number().int().min(1).max(50).default(5),
        /** PAIR: independent streams, stopping at the first success. */
        streams: z.number().int().min(1).max(20).default(1),
        /** Crescendo: turns kept in the conversation. */
        turns: z.number().int().min(1).max(50).default(6),
        /** Crescendo: refused turns that may be taken back. */
        backtracks: z.number().int().min(0).max(50).default(3),
        /** HTTP requests the attacker model may receive in the whole run (retries included). */
        budget: z.number().int().min(1).max(1_000_000).default(500),
      })
      .strict()
      .optional(),
    /** The model version under test, recorded with stored results (evidence for promotion gates). */
    model: z
      .object({ name: z.string().min(1), version: z.string().optional() })
      .strict()
      .optional(),
    run: z
      .object({
        concurrency: z.number().int().min(1).max(64).default(4),
        timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
        retries: z.number().int().min(0).max(10).default(2),
        budget: z.number().int().min(1).max(1_000_000).default(2000),
        repeats: z.number().int().min(1).max(100).default(1),
        seed: z.number().int().default(1),
        casesPerProbe: z.number().int().min(1).max(100).default(4),
      })
      .strict()
      .default({
        concurrency: 4,
        timeoutMs: 30_000,
        retries: 2,
        budget: 2000,
        repeats: 1,
        seed: 1,
        casesPerProbe: 4,
      }),
    probes: z.array(z.string()).optional(),
    strategies: z.array(z.string()).optional(),
    thresholds: thresholdsSchema.optional(),
    reports: z
      .object({
        json: z.string().optional(),
        html: z.string().optional(),
        junit: z.string().optional(),
        sarif: z.string().optional(),
      })
      .strict()
      .default({}),
    /** Where results are kept: sqlite:PATH or postgres://… (relative sqlite paths are from this file). */
    store: z.string().optional(),
  })
  .strict();
export type RedteamConfig = z.infer<typeof redteamConfigSchema>;

export type ConfigResult = { ok: true; config: RedteamConfig } | { ok: false; errors: string[] };

/** Parses redteam.yaml text; report and sqlite paths are resolved against `file`'s folder. */
export function parseRedteamConfig(text: string, file: string): ConfigResult {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, errors: [`${file}: not YAML: ${(err as Error).message.split('\n')[0]}`] };
  }
  const r = redteamConfigSchema.safeParse(raw);
  if (!r.success)
    return {
      ok: false,
      errors: r.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`),
    };
  const dir = dirname(resolve(file));
  const at = (p?: string): string | undefined => (p === undefined ? undefined : resolve(dir, p));
  const c = r.data;
  const store = c.store?.startsWith('sqlite:') ? `sqlite:${resolve(dir, c.store.slice(7))}` : c.store;
  return {
    ok: true,
    config: {
      ...c,
      store,
      reports: {
        json: at(c.reports.json),
        html: at(c.reports.html),
        junit: at(c.reports.junit),
        sarif: at(c.reports.sarif),
      },
    },
  };
}

/** Reads and parses a redteam.yaml file. */
export function loadRedteamConfig(file: string): ConfigResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return {
      ok: false,
      errors: [`${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`],
    };
  }
  return parseRedteamConfig(text, file);
}
