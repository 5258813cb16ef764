// One configured run end to end, as `parapet redteam run` does it: target, run, gate, reports, store.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoreOptions } from '../../store/index.ts';
import type { RedteamConfig } from './config.ts';
import { applyGate } from './gate.ts';
import { loadRegistry } from './registry.ts';
import { toHtml } from './report/html.ts';
import { toJunit } from './report/junit.ts';
import { toSarif } from './report/sarif.ts';
import type { RunResult } from './result.ts';
import { runRedteam } from './run.ts';
import { createTarget } from './target/index.ts';

export interface ExecuteOptions {
  /** Where to keep the result (overrides the config's `store`). */
  readonly store?: StoreOptions;
  readonly env?: NodeJS.ProcessEnv;
  readonly graderAccuracy?: RunResult['graderAccuracy'];
}

/** Renders every report format the config names; returns the files written. */
export async function writeReports(r: RunResult, reports: RedteamConfig['reports']): Promise<string[]> {
  const reg = await loadRegistry();
  const out: [string | undefined, () => string][] = [
    [reports.json, () => `${JSON.stringify(r, null, 2)}\n`],
    [reports.html, () => toHtml(r)],
    [reports.junit, () => toJunit(r)],
    [reports.sarif, () => `${JSON.stringify(toSarif(r, reg.probes), null, 2)}\n`],
  ];
  const written: string[] = [];
  for (const [file, render] of out) {
    if (!file) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, render());
    written.push(file);
  }
  return written;
}

/** Runs a configured suite, applies its thresholds, writes its reports and stores the result. */
export async function executeConfig(
  cfg: RedteamConfig,
  opts: ExecuteOptions = {},
): Promise<{ result: RunResult; files: string[] }> {
  const limits = { timeoutMs: cfg.run.timeoutMs, retries: cfg.run.retries, budget: cfg.run.budget };
  const target = createTarget(cfg.target, limits, opts.env);
  const judge = cfg.judge ? createTarget(cfg.judge, limits, opts.env) : undefined;
  const a = cfg.attacker;
  const attacker = a
    ? {
        target: createTarget(a.endpoint, { ...limits, budget: a.budget }, opts.env),
        limits: { iterations: a.iterations, streams: a.streams, turns: a.turns, backtracks: a.backtracks },
      }
    : undefined;
  const result = await runRedteam({
    target,
    judge,
    attacker,
    probes: cfg.probes,
    strategies: cfg.strategies,
    casesPerProbe: cfg.run.casesPerProbe,
    repeats: cfg.run.repeats,
    seed: cfg.run.seed,
    concurrency: cfg.run.concurrency,
    budget: cfg.run.budget,
    model: cfg.model,
    graderAccuracy: opts.graderAccuracy,
  });
  const gated: RunResult = cfg.thresholds ? { ...result, gate: applyGate(result, cfg.thresholds) } : result;
  const files = await writeReports(gated, cfg.reports);
  const where = opts.store ?? storeSpec(cfg.store);
  if (where) {
    const { openStore } = await import('../../store/index.ts');
    const { saveRun } = await import('./store.ts');
    const store = await openStore(where);
    try {
      await saveRun(store, gated);
    } finally {
      await store.close();
    }
  }
  return { result: gated, files };
}

function storeSpec(spec?: string): StoreOptions | undefined {
  if (!spec) return undefined;
  if (spec.startsWith('sqlite:')) return { kind: 'sqlite', path: spec.slice(7) };
  return { kind: 'postgres', url: spec };
}
