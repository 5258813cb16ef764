// Audit-log benchmark: events/s and p50/p99 latency of record() for strict and async durability on
// SQLite (writes on a worker thread, and inline for comparison) and PostgreSQL, plus the longest
// stall of the caller's event loop. Real files and a real server, short runs.
//
//   node bench/audit/record.ts [--events 4000] [--concurrency 64] [--only sqlite|postgres]

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createAuditLog, verifyAuditLog } from '../../src/audit/index.ts';
import { makeEvent } from '../../src/audit/lib/testing.ts';
import { openStore, type StoreOptions } from '../../src/store/index.ts';

const { values: opt } = parseArgs({
  options: {
    events: { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '64' },
    only: { type: 'string' },
  },
});
const EVENTS = Number(opt.events);
const CONCURRENCY = Number(opt.concurrency);

const dir = mkdtempSync(join(tmpdir(), 'parapet-bench-audit-'));
const pgName = `parapet_bench_${randomBytes(4).toString('hex')}`;
const ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

async function run(label: string, target: StoreOptions, durability: 'strict' | 'async', concurrency: number) {
  const store = await openStore(target);
  const node = `bench-${durability}-${concurrency}`;
  const log = await createAuditLog({
    store,
    node,
    durability,
    checkpoint: { every: 1000, keyFile: join(dir, 'signing.pem') },
  });
  const events = Array.from({ length: EVENTS }, (_, i) => makeEvent(node, i + 1));
  // warm-up: connections, prepared statements, the worker thread
  for (let i = 0; i < 50; i++) await log.record({ ...events[i]!, requestId: `warm-${i}` });
  const latencies: number[] = [];
  // Event-loop probe: a 1 ms timer; the longest gap between its ticks is the longest the caller's
  // loop was stalled (a gateway could not accept or answer anything for that long).
  let last = performance.now();
  let stall = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 1);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < EVENTS) {
        const e = events[next++]!;
        const s = performance.now();
        await log.record(e);
        latencies.push(performance.now() - s);
      }
    }),
  );
  await log.close(); // async mode: the rate counts until everything is durable
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(probe);
  await store.close();
  latencies.sort((a, b) => a - b);
  const row = {
    backend: label,
    durability,
    concurrency,
    'events/s': Math.round(EVENTS / seconds),
    'p50 ms': Number(pct(latencies, 0.5).toFixed(3)),
    'p99 ms': Number(pct(latencies, 0.99).toFixed(3)),
    'max loop stall ms': Number(stall.toFixed(1)),
  };
  console.log(JSON.stringify(row));
  return row;
}

/** Verifies everything the runs wrote to `target`; returns records verified per second. */
async function verifyRate(label: string, target: StoreOptions) {
  const store = await openStore(target);
  const t0 = performance.now();
  const report = await verifyAuditLog(store);
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  const records = report.nodes.reduce((a, n) => a + n.records, 0);
  if (!report.ok) throw new Error(`verify failed: ${report.problem?.message}`);
  const row = { backend: label, records, 'verified records/s': Math.round(records / seconds) };
  console.log(JSON.stringify(row));
  return row;
}

const rows: Awaited<ReturnType<typeof run>>[] = [];
const verifyRows: Awaited<ReturnType<typeof verifyRate>>[] = [];
try {
  if (opt.only !== 'postgres') {
    const worker: StoreOptions = { kind: 'sqlite', path: join(dir, 'worker.db') };
    const inline: StoreOptions = { kind: 'sqlite', path: join(dir, 'inline.db'), writer: 'inline' };
    rows.push(await run('sqlite (worker thread)', worker, 'strict', 1));
    rows.push(await run('sqlite (worker thread)', worker, 'strict', CONCURRENCY));
    rows.push(await run('sqlite (worker thread)', worker, 'async', CONCURRENCY));
    rows.push(await run('sqlite (inline)', inline, 'strict', 1));
    rows.push(await run('sqlite (inline)', inline, 'strict', CONCURRENCY));
    verifyRows.push(await verifyRate('sqlite', worker));
  }
  if (opt.only !== 'sqlite') {
    await admin(`CREATE DATABASE ${pgName}`);
    const target: StoreOptions = { kind: 'postgres', url: `postgres://postgres@127.0.0.1:5432/${pgName}` };
    rows.push(await run('postgres', target, 'strict', 1));
    rows.push(await run('postgres', target, 'strict', CONCURRENCY));
    rows.push(await run('postgres', target, 'async', CONCURRENCY));
    verifyRows.push(await verifyRate('postgres', target));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (opt.only !== 'sqlite') await admin(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
}

console.log(
  `\n${EVENTS} events per run; concurrency = callers awaiting record() at once; max loop stall = longest time the caller's event loop could not run`,
);
console.table(rows);
console.table(verifyRows);
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`,
);
