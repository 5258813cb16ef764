import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { formatReport } from './report.ts';
import { runScenario } from './run.ts';
import { loadScenario, scenarioSchema } from './scenario.ts';

const small = scenarioSchema.parse({
  name: 'unit',
  seed: 9,
  days: 1,
  benign: { users: 60, requests: 4000 },
  attackers: [
    { kind: 'hopskipjump', runs: 2, budget: 600 },
    { kind: 'hopskipjump', runs: 1, budget: 600, accounts: 10 },
    { kind: 'knockoff', runs: 1, budget: 300 },
  ],
  drift: { atDay: 0.6, kind: 'add', value: 2 },
  monitor: { detectors: { drift: { reference: 1000, window: 300 } } },
});

test('a replay detects single-account and split boundary walks, and reports fidelity for extraction copies', () => {
  const r = runScenario(small);
  const hsj = r.attackers.find((a) => a.kind === 'hopskipjump' && a.accounts === 1)!;
  assert.equal(hsj.detectedShare, 1);
  assert.ok(hsj.queriesToFirstAlert.max! <= 60, `HSJ alert after ${hsj.queriesToFirstAlert.max} queries`);
  const split = r.attackers.find((a) => a.accounts === 10)!;
  assert.equal(split.detectedRuns, 1);
  assert.ok(split.byDetector['extraction.cluster'], 'split attack not linked into a cluster');
  const ko = r.attackers.find((a) => a.kind === 'knockoff')!;
  assert.ok(ko.fidelityFinal! > 0.5 && ko.fidelityFinal! <= 1);
  assert.ok((r.victim.holdoutAccuracy ?? 0) > 0.9);
  assert.ok(r.benign.requests >= 4000);
  assert.notEqual(r.drift.detectionDelayMinutes, null, 'injected drift not detected');
  assert.match(formatReport(r), /hopskipjump ×10 accounts/);
});

test('a Papernot run reports its substitute after every round; split over many networks it is still caught, not by subnet', () => {
  const sc = scenarioSchema.parse({
    name: 'papernot',
    seed: 5,
    days: 1,
    benign: { users: 40, requests: 2000 },
    attackers: [
      { kind: 'papernot', runs: 1, seeds: 40, rounds: 2, hidden: [32] },
      { kind: 'hopskipjump', runs: 1, budget: 400, accounts: 10, networks: 'many' },
    ],
    monitor: { detectors: { drift: false } },
  });
  assert.equal(sc.attackers[0]!.budget, 160, 'papernot budget: seeds × 2^rounds');
  const r = runScenario(sc);
  const p = r.attackers[0]!;
  assert.deepEqual(
    p.substitute?.curve.map((c) => c.queries),
    [40, 80, 160],
  );
  assert.ok(p.substitute!.curve.every((c) => c.agreement! >= 0 && c.agreement! <= 1));
  assert.equal(p.fidelityFinal, p.substitute!.curve.at(-1)!.agreement);
  assert.ok(p.byDetector['extraction.jacobian_steps'], 'Jacobian steps not detected');
  assert.ok(p.byDetector['extraction.jacobian_steps']!.medianQueries! <= 40 + 10);
  const split = r.attackers[1]!;
  assert.equal(split.detectedRuns, 1);
  assert.equal(
    split.byDetector['extraction.subnet'],
    undefined,
    'ten accounts in ten /24s are not one subnet',
  );
});

test('the same scenario and seed give the same report', () => {
  const a = runScenario({ ...small, attackers: small.attackers.slice(0, 1), drift: undefined });
  const b = runScenario({ ...small, attackers: small.attackers.slice(0, 1), drift: undefined });
  assert.deepEqual({ ...a, seconds: 0, eventsPerSecond: 0 }, { ...b, seconds: 0, eventsPerSecond: 0 });
});

test('shipped scenarios are valid; a broken one is refused with the path of each problem', () => {
  for (const f of [
    'smoke',
    'digits-extraction',
    'digits-drift-add',
    'digits-drift-shift',
    'digits-drift-null',
  ])
    assert.ok(loadScenario(new URL(`../scenarios/${f}.yaml`, import.meta.url).pathname).ok, f);
  const cli = spawnSync(
    process.execPath,
    [
      new URL('../../../bin/parapet.js', import.meta.url).pathname,
      'monitor',
      'eval',
      '--scenario',
      '/dev/null/x.yaml',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(cli.status, 2);
  assert.match(cli.stderr, /invalid scenario/);
});
