import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gauss, rng } from '../lib/rng.ts';
import { classifierEvent } from '../lib/testing.ts';
import type { AlertDraft } from '../types.ts';
import { createExtractionDetector, type ExtractionOptions } from './extraction.ts';

const D = 16;
const reference = {
  m: { mean: Array(D).fill(0), std: Array(D).fill(1), oodThreshold: 2, lowConfShare: 0.05 },
};
const T0 = 1_800_000_000_000;

function run(
  opts: ExtractionOptions,
  queries: { id: string; x: number[]; conf?: number; label?: number }[],
): AlertDraft[] {
  const det = createExtractionDetector({ references: reference, ...opts });
  const out: AlertDraft[] = [];
  queries.forEach((q, i) =>
    det.observe(
      classifierEvent({
        at: T0 + i * 1000,
        identity: q.id,
        model: 'm',
        features: q.x,
        confidence: q.conf ?? 0.95,
        label: q.label ?? 1,
      }),
      T0 + i * 1000,
      (a) => out.push(a),
    ),
  );
  return out;
}

const natural = (r: () => number) => Array.from({ length: D }, () => gauss(r));

test('natural in-distribution queries raise no extraction alert', () => {
  const r = rng(3);
  const alerts = run(
    {},
    Array.from({ length: 600 }, () => ({ id: 'alice', x: natural(r) })),
  );
  assert.deepEqual(
    alerts.map((a) => a.detector),
    [],
  );
});

test('a boundary walk of near-copies raises a near-duplicate alert within 25 queries, with its numbers', () => {
  const r = rng(4);
  const start = natural(r);
  const walk = Array.from({ length: 200 }, () => ({
    id: 'mallory',
    x: start.map((v) => v + 0.05 * gauss(r)),
    conf: 0.55,
  }));
  const alerts = run({}, walk);
  const first = alerts.find((a) => a.detector === 'extraction.near_duplicate');
  assert.ok(first, 'no near-duplicate alert');
  assert.ok(Number(first.evidence.queries) <= 25, `after ${first.evidence.queries} queries`);
  assert.deepEqual(first.identities, ['mallory']);
  assert.ok(first.requestIds.length > 0);
});

test('exact retries are not counted as near-copies', () => {
  const r = rng(5);
  const qs: { id: string; x: number[] }[] = [];
  for (let i = 0; i < 150; i++) {
    const x = natural(r);
    qs.push({ id: 'bob', x }, { id: 'bob', x }, { id: 'bob', x });
  }
  assert.equal(run({}, qs).filter((a) => a.detector === 'extraction.near_duplicate').length, 0);
});

test('a high share of low-confidence answers raises an alert quoting the share and the reference', () => {
  const r = rng(6);
  const alerts = run(
    {},
    Array.from({ length: 80 }, () => ({ id: 'eve', x: natural(r), conf: 0.4 })),
  );
  const a = alerts.find((x) => x.detector === 'extraction.low_confidence');
  assert.ok(a);
  assert.equal(a.evidence.referenceShare, 0.05);
  assert.ok(Number(a.evidence.share) > 0.5);
});

test('synthetic queries far from the reference raise an out-of-distribution alert', () => {
  const r = rng(7);
  const alerts = run(
    {},
    Array.from({ length: 60 }, () => ({ id: 'eve', x: natural(r).map((v) => v * 4) })),
  );
  assert.ok(alerts.some((a) => a.detector === 'extraction.out_of_distribution'));
});

/** Papernot-style pairs: a point and a small sign step from it; the step's answer is `sameClass` or another class. */
function pradaPairs(sameClass: boolean) {
  const r = rng(8);
  const qs: { id: string; x: number[]; label: number }[] = [];
  for (let i = 0; i < 150; i++) {
    const base = natural(r);
    const c = i % 3;
    qs.push(
      { id: 'pat', x: base, label: c },
      { id: 'pat', x: base.map((v) => v + (r() < 0.5 ? 0.5 : -0.5)), label: sameClass ? c : c + 3 },
    );
  }
  return qs;
}

test('PRADA flags queries whose distances to earlier ones of the same predicted class are far from normal', () => {
  const a = run({ nearDuplicate: { count: 1000 } }, pradaPairs(true)).find(
    (x) => x.detector === 'extraction.prada',
  );
  assert.ok(a, 'no PRADA alert');
  assert.ok(Number(a.evidence.W) < 0.83);
  assert.equal(a.severity, 'medium', 'PRADA alone opens no incident (honest bursts fail it now and then)');
});

test('PRADA measures distances within a predicted class: near pairs answered with different classes are not its pattern', () => {
  const alerts = run({ nearDuplicate: { count: 1000 } }, pradaPairs(false));
  assert.deepEqual(
    alerts.filter((x) => x.detector === 'extraction.prada'),
    [],
  );
});

test('a walk split across 10 accounts, each under the per-account threshold, is linked into one cluster alert', () => {
  const r = rng(9);
  const start = natural(r);
  const qs = Array.from({ length: 150 }, (_, i) => ({
    id: `acct${i % 10}`,
    x: start.map((v) => v + 0.05 * gauss(r)),
  }));
  const alerts = run({}, qs);
  assert.equal(alerts.filter((a) => a.detector === 'extraction.near_duplicate').length, 0);
  const c = alerts.find((a) => a.detector === 'extraction.cluster');
  assert.ok(c, 'no cluster alert');
  assert.ok(c.identities.length >= 5, `members ${c.identities.length}`);
});

test('state stays bounded by maxIdentities', () => {
  const r = rng(10);
  const det = createExtractionDetector({
    references: reference,
    maxIdentities: 50,
    cluster: false,
    subnet: false,
  });
  for (let i = 0; i < 500; i++)
    det.observe(
      classifierEvent({ at: T0 + i, identity: `u${i}`, model: 'm', features: natural(r), confidence: 0.9 }),
      T0 + i,
      () => {},
    );
  assert.equal(det.stateSize(), 50);
});

test('learns a reference from warmup traffic when none is configured, then judges', () => {
  const r = rng(11);
  const det = createExtractionDetector({ warmup: 200 });
  const out: AlertDraft[] = [];
  for (let i = 0; i < 200; i++)
    det.observe(
      classifierEvent({
        at: T0 + i,
        identity: `u${i % 20}`,
        model: 'm',
        features: natural(r),
        confidence: 0.9,
      }),
      T0 + i,
      () => {},
    );
  for (let i = 0; i < 60; i++)
    det.observe(
      classifierEvent({
        at: T0 + 1000 + i,
        identity: 'x',
        model: 'm',
        features: natural(r).map((v) => v * 5),
        confidence: 0.9,
      }),
      T0 + 1000 + i,
      (a) => out.push(a),
    );
  assert.ok(out.some((a) => a.detector === 'extraction.out_of_distribution'));
});

test('queries moved by fixed ±λ steps off the values real inputs take raise a synthetic-values alert; integer inputs do not', () => {
  const r = rng(12);
  const grid = Array.from({ length: 17 }, (_, v) => v);
  const ref = {
    m: {
      ...reference.m,
      mean: Array(D).fill(8),
      std: Array(D).fill(4),
      oodThreshold: 50,
      values: Array(D).fill(grid),
    },
  };
  const integer = () => Array.from({ length: D }, () => Math.floor(r() * 17));
  const benign = run(
    { references: ref },
    Array.from({ length: 400 }, () => ({ id: 'alice', x: integer() })),
  );
  assert.deepEqual(
    benign.filter((a) => a.detector === 'extraction.synthetic_values'),
    [],
  );
  // Jacobian augmentation: seeds, then each seed stepped by λ·sign(g) in every feature (clipped to 0..16).
  const seeds = Array.from({ length: 30 }, integer);
  const steps = seeds.map((x) => x.map((v) => Math.min(16, Math.max(0, v + (r() < 0.5 ? 1.6 : -1.6)))));
  const alerts = run(
    { references: ref },
    [...seeds, ...steps].map((x) => ({ id: 'pat', x })),
  );
  const a = alerts.find((x) => x.detector === 'extraction.synthetic_values');
  assert.ok(a, 'no synthetic-values alert');
  assert.equal(a.evidence.queries, 30 + 20, 'raised at the 20th stepped query');
  // Without the values, the test is off (a continuous model has none).
  assert.equal(
    run(
      { references: { m: { ...ref.m, values: undefined } } },
      [...seeds, ...steps].map((x) => ({ id: 'pat', x })),
    ).filter((x) => x.detector === 'extraction.synthetic_values').length,
    0,
  );
});

test('a learned reference records the values of discrete features and none for continuous ones', async () => {
  const { ReferenceLearner, offValueShare } = await import('../lib/reference.ts');
  const r = rng(13);
  const l = new ReferenceLearner(200, 0.6, 0.99);
  let ref;
  for (let i = 0; i < 200 && !ref; i++) ref = l.add([Math.floor(r() * 5), r()], 0.9);
  assert.ok(ref?.values, 'no values learned');
  assert.deepEqual([...ref.values[0]!], [0, 1, 2, 3, 4]);
  assert.equal(ref.values[1], undefined);
  assert.equal(offValueShare([2.5, 0.3], ref), 1);
  assert.equal(offValueShare([3, 0.3], ref), 0);
});
