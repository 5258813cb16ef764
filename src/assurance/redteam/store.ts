// Results kept in Parapet's store, so the registry's promotion gates and governance evidence can ask
// for the latest passing red-team report of a model version.

import type { Store } from '../../store/index.ts';
import { type RunResult, runResultSchema } from './result.ts';

const MIGRATIONS = [
  `CREATE TABLE redteam_runs (
     id TEXT PRIMARY KEY,
     model TEXT NOT NULL,
     model_version TEXT NOT NULL,
     target TEXT NOT NULL,
     started_at BIGINT NOT NULL,
     passed INTEGER NOT NULL,
     asr REAL,
     result TEXT NOT NULL
   )`,
  'CREATE INDEX redteam_runs_model ON redteam_runs (model, model_version, started_at)',
];

/** Creates the table if needed. */
export async function migrateRedteam(store: Store): Promise<void> {
  await store.sql.migrate('redteam', MIGRATIONS);
}

/** Stores a run. A run without a gate counts as passed only if no attack succeeded. */
export async function saveRun(store: Store, r: RunResult): Promise<void> {
  await migrateRedteam(store);
  const passed = r.gate ? r.gate.passed : r.totals.successes === 0;
  await store.sql.execute(
    'INSERT INTO redteam_runs (id, model, model_version, target, started_at, passed, asr, result) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [
      r.id,
      r.model?.name ?? r.target.model ?? r.target.url,
      r.model?.version ?? '',
      r.target.url,
      Date.parse(r.startedAt),
      passed ? 1 : 0,
      r.totals.asr,
      JSON.stringify(r),
    ],
  );
}

/** The most recent passing run of a model (and version, when given), or undefined. */
export async function latestPassing(
  store: Store,
  model: string,
  version?: string,
): Promise<RunResult | undefined> {
  await migrateRedteam(store);
  const rows = await store.sql.query<{ result: string }>(
    version === undefined
      ? 'SELECT result FROM redteam_runs WHERE model = $1 AND passed = 1 ORDER BY started_at DESC LIMIT 1'
      : 'SELECT result FROM redteam_runs WHERE model = $1 AND model_version = $2 AND passed = 1 ORDER BY started_at DESC LIMIT 1',
    version === undefined ? [model] : [model, version],
  );
  return rows[0] ? runResultSchema.parse(JSON.parse(rows[0].result)) : undefined;
}
