import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { openStore, type Store } from '../../store/index.ts';
import type { RunResult } from './result.ts';
import { latestPassing, saveRun } from './store.ts';

const base = (id: string, at: string, passed: boolean, version: string): RunResult =>
  ({
    schema: 'parapet.redteam/v1',
    id,
    startedAt: at,
    durationMs: 1,
    target: { kind: 'openai', url: 'http://x/v1', model: 'm' },
    model: { name: 'chat', version },
    seed: 1,
    repeats: 1,
    casesPerProbe: 1,
    requests: 1,
    budget: 1,
    plugins: { probes: {}, strategies: {}, graders: {} },
    totals: {
      attempts: 1,
      successes: passed ? 0 : 1,
      resisted: passed ? 1 : 0,
      errors: 0,
      blocked: 0,
      unscored: 0,
      asr: passed ? 0 : 1,
      ci: null,
    },
    probes: {},
    cells: [],
    coverage: { owasp: [], atlasTactics: [], ratio: 1 },
    gate: { passed, violations: [] },
    attempts: [],
  }) satisfies RunResult;

async function suite(store: Store): Promise<void> {
  await saveRun(store, base('a', '2026-01-01T00:00:00Z', true, '1'));
  await saveRun(store, base('b', '2026-01-02T00:00:00Z', false, '1'));
  await saveRun(store, base('c', '2026-01-03T00:00:00Z', true, '2'));
  assert.equal((await latestPassing(store, 'chat', '1'))?.id, 'a');
  assert.equal((await latestPassing(store, 'chat'))?.id, 'c');
  assert.equal(await latestPassing(store, 'chat', '3'), undefined);
  assert.equal(await latestPassing(store, 'other'), undefined);
}

test('keeps runs in SQLite and finds the latest passing run of a model version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-rt-store-'));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'p.db') });
  try {
    await suite(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const db = `parapet_redteam_${process.pid}_${Date.now()}`;
const admin = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
after(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${db}`).catch(() => {});
  await admin.end().catch(() => {});
});

test('keeps runs in PostgreSQL and finds the latest passing run of a model version', async () => {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  const store = await openStore({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:5432/${db}` });
  try {
    await suite(store);
  } finally {
    await store.close();
  }
});
