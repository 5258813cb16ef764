import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { incidentStore } from '../incidents/store.ts';
import { createMemoryState } from '../state/memory.ts';
import { openStore } from '../store/index.ts';
import { createMonitor } from './index.ts';
import { gauss, rng } from './lib/rng.ts';
import { classifierEvent } from './lib/testing.ts';

const D = 8;
const reference = {
  digits: { mean: Array(D).fill(0), std: Array(D).fill(1), oodThreshold: 2, lowConfShare: 0.05 },
};

test('a boundary walk through the monitor opens an incident, blocks the identity by policy, and audits the action', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-monitor-'));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'p.db') });
  const state = createMemoryState();
  const monitor = createMonitor(
    {
      detectors: { extraction: { references: reference }, drift: false },
      sinks: [{ type: 'store' }],
      respond: [{ detectors: ['extraction.near_duplicate'], do: 'block', ttlSeconds: 3600 }],
    },
    { store, flags: state.flags },
  );
  const alerts: string[] = [];
  monitor.onAlert((a) => alerts.push(a.detector));
  const r = rng(1);
  const start = Array.from({ length: D }, () => gauss(r));
  for (let i = 0; i < 60; i++)
    monitor.consume(
      classifierEvent({
        at: 1_800_000_000_000 + i * 100,
        identity: 'mallory',
        features: start.map((v) => v + 0.05 * gauss(r)),
        confidence: 0.9,
      }),
    );
  await monitor.close();
  assert.ok(alerts.includes('extraction.near_duplicate'));
  assert.equal(state.flags.check('identity', 'mallory'), true);
  const rec = incidentStore(store);
  const [inc] = await rec.listIncidents({ limit: 5 });
  assert.ok(inc);
  assert.equal(inc.playbook, 'model_extraction');
  const acts = await rec.listActions({ incidentId: inc.id, limit: 5 });
  assert.equal(acts[0]?.actor, 'monitor');
  assert.equal(acts[0]?.action, 'block');
  assert.equal(monitor.stats().transport.delivered, 60);
  await state.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an invalid monitor section is refused with the path of the problem', () => {
  assert.throws(() => createMonitor({ detectors: { extraction: { history: -1 } } } as never), /history/);
});
