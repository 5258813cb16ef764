import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffRuns } from './diff.ts';
import { applyGate, thresholdsSchema } from './gate.ts';
import type { Cell, RunResult, Totals } from './result.ts';
import { tally } from './stats.ts';

const totals = (s: number, r: number, e = 0, u = 0): Totals =>
  tally(
    [
      ...Array(s).fill('success'),
      ...Array(r).fill('resisted'),
      ...Array(e).fill('error'),
      ...Array(u).fill('unscored'),
    ],
    1,
  );
const cell = (probe: string, strategy: string, t: Totals): Cell => ({
  probe,
  strategy,
  owasp: [],
  atlas: [],
  blockedBy: {},
  ...t,
});

function result(cells: Cell[]): RunResult {
  const probes: Record<string, Totals> = {};
  for (const c of cells) probes[c.probe] = c;
  const all = cells.reduce((a, c) => a + c.attempts, 0);
  const s = cells.reduce((a, c) => a + c.successes, 0);
  const e = cells.reduce((a, c) => a + c.errors, 0);
  return {
    totals: totals(s, all - s - e, e),
    probes,
    cells,
  } as unknown as RunResult;
}

test('the gate fails on a global ASR over the limit and on a per-probe limit, naming the scope', () => {
  const r = result([cell('jailbreak', 'plain', totals(1, 9)), cell('pii-leak', 'plain', totals(0, 10))]);
  const g = applyGate(r, thresholdsSchema.parse({ maxAsr: 0.1, probes: { jailbreak: { maxAsr: 0 } } }));
  assert.equal(g.passed, false);
  assert.deepEqual(
    g.violations.map((v) => `${v.scope}:${v.metric}`),
    ['jailbreak:asr'],
  );
  assert.equal(applyGate(r, thresholdsSchema.parse({ maxAsr: 0.04 })).violations[0]!.scope, 'global');
  assert.equal(applyGate(r, thresholdsSchema.parse({ maxAsr: 0.1 })).passed, true);
});

test('a run that only errored does not pass an error-rate gate, and a probe that never ran is a violation', () => {
  const r = result([cell('jailbreak', 'plain', totals(0, 0, 10))]);
  assert.equal(r.totals.asr, null);
  const g = applyGate(
    r,
    thresholdsSchema.parse({ maxAsr: 0, maxErrorRate: 0.1, probes: { 'pii-leak': { maxAsr: 0 } } }),
  );
  assert.deepEqual(
    g.violations.map((v) => `${v.scope}:${v.metric}`),
    ['global:error_rate', 'pii-leak:not_run'],
  );
});

test('rejects unknown threshold keys', () => {
  assert.equal(thresholdsSchema.safeParse({ maxASR: 0 }).success, false);
});

test('diff reports a cell whose ASR rose as a regression, and one that fell as an improvement', () => {
  const old = result([
    cell('a', 'plain', totals(0, 40)),
    cell('b', 'plain', totals(5, 5)),
    cell('c', 'x', totals(0, 1)),
  ]);
  const now = result([
    cell('a', 'plain', totals(30, 10)),
    cell('b', 'plain', totals(1, 9)),
    cell('d', 'y', totals(0, 1)),
  ]);
  const d = diffRuns(old, now);
  assert.deepEqual(
    d.regressions.map((c) => [c.probe, c.before, c.after, c.significant]),
    [['a', 0, 0.75, true]],
  );
  assert.deepEqual(
    d.improvements.map((c) => c.probe),
    ['b'],
  );
  assert.deepEqual(d.added, ['d × y']);
  assert.deepEqual(d.removed, ['c × x']);
});

test('the bootstrap interval contains the rate and narrows with more attempts', () => {
  const small = totals(2, 8).ci!;
  const large = totals(200, 800).ci!;
  assert.ok(small[0] <= 0.2 && 0.2 <= small[1]);
  assert.ok(large[0] <= 0.2 && 0.2 <= large[1]);
  assert.ok(large[1] - large[0] < small[1] - small[0]);
  assert.equal(totals(0, 0).ci, null);
});
