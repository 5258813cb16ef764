import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { papernot } from '../eval/attacks.ts';
import { scenarioSchema } from '../eval/scenario.ts';
import { discreteValues } from '../lib/reference.ts';
import { gauss, rng } from '../lib/rng.ts';
import { classifierEvent } from '../lib/testing.ts';
import type { AlertDraft } from '../types.ts';
import { loadNumericCsv, stratifiedSplit, TABULAR_DIR } from '../victims/data.ts';
import { trainSoftmax } from '../victims/softmax.ts';
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
  // A boundary walk: near-copies answered with low confidence (the walk stays at the boundary).
  const qs = Array.from({ length: 150 }, (_, i) => ({
    id: `acct${i % 10}`,
    x: start.map((v) => v + 0.05 * gauss(r)),
    conf: 0.55,
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

test("a learned reference records the values of discrete features (none for continuous ones) and every feature's range", async () => {
  const { ReferenceLearner, offValueShare } = await import('../lib/reference.ts');
  const r = rng(13);
  const l = new ReferenceLearner(200, 0.6, 0.99);
  let ref;
  const seen: number[] = [];
  for (let i = 0; i < 200 && !ref; i++) {
    const x = [Math.floor(r() * 5), r()];
    if (i < 100) seen.push(x[1]!); // the first half sets scale and range
    ref = l.add(x, 0.9);
  }
  assert.ok(ref?.values, 'no values learned');
  assert.deepEqual([...ref.values[0]!], [0, 1, 2, 3, 4]);
  assert.equal(ref.values[1], undefined);
  assert.deepEqual([...ref.min!], [0, Math.min(...seen)]);
  assert.deepEqual([...ref.max!], [4, Math.max(...seen)]);
  assert.equal(offValueShare([2.5, 0.3], ref), 1);
  assert.equal(offValueShare([3, 0.3], ref), 0);
});

const BREAST = join(TABULAR_DIR, 'breast_cancer_wisconsin.csv');

test(
  'Papernot against a continuous-feature victim (breast cancer, standardised): the Jacobian-step test fires, the synthetic-value test cannot',
  { skip: !existsSync(BREAST) && `no ${BREAST}` },
  () => {
    const ds = loadNumericCsv('breast_cancer_wisconsin');
    const [trainIdx, poolIdx, holdIdx] = stratifiedSplit(ds.y, [0.5, 0.25, 0.25], 1);
    const d = ds.names.length;
    const raw = trainIdx!.map((i) => ds.X[i]!);
    const mean = Array.from({ length: d }, (_, j) => raw.reduce((a, x) => a + x[j]!, 0) / raw.length);
    const std = mean.map((m, j) => Math.sqrt(raw.reduce((a, x) => a + (x[j]! - m) ** 2, 0) / raw.length));
    // The model is served standardised inputs: every feature continuous.
    const z = (i: number) => ds.X[i]!.map((v, j) => (v - mean[j]!) / std[j]!);
    const train = trainIdx!.map(z);
    const victim = trainSoftmax(
      train,
      trainIdx!.map((i) => ds.y[i]!),
      { classes: 2, epochs: 30, seed: 1 },
    );
    const ref = {
      mean: Array(d).fill(0),
      std: Array(d).fill(1),
      oodThreshold: 3,
      lowConfShare: 0.05,
      values: discreteValues(train).map((v) => (v ? [...v] : [])),
    };
    assert.ok(
      ref.values.every((v) => v.length === 0),
      'no feature is discrete',
    );
    // The paper's attack, scaled to 2 classes (15 seeds per class), λ = 0.1 standard deviations.
    const spec = scenarioSchema.parse({
      name: 't',
      attackers: [{ kind: 'papernot', seeds: 30, rounds: 3, lambda: 0.1 / 30 }],
    }).attackers[0]!;
    const attack = papernot(
      spec,
      { victim, pool: poolIdx!.map(z), rand: rng(2), min: -15, max: 15 },
      () => {},
    );
    const det = createExtractionDetector({ references: { m: ref } });
    const out: AlertDraft[] = [];
    const honest = holdIdx!.map(z);
    const r = rng(3);
    let t = T0;
    const send = (id: string, x: number[]) => {
      const p = victim.predict(x);
      const label = p[1]! > p[0]! ? 1 : 0;
      t += 500;
      det.observe(
        classifierEvent({ at: t, identity: id, model: 'm', features: x, label, confidence: p[label]! }),
        t,
        (a) => out.push(a),
      );
      return p;
    };
    let step = attack.next(new Float64Array(0));
    for (let i = 0; !step.done; i++) {
      // Ten honest users re-send held-out inputs with small measurement noise in between.
      const x = honest[Math.floor(r() * honest.length)]!.map((v) => v + 0.05 * gauss(r));
      send(`user-${i % 10}`, x);
      step = attack.next(send('pat', step.value as number[]));
    }
    const a = out.find((x) => x.detector === 'extraction.jacobian_steps');
    assert.ok(a, 'no Jacobian-step alert');
    assert.deepEqual(a.identities, ['pat']);
    assert.ok(Number(a.evidence.queries) <= 30 + 10, `alert after ${a.evidence.queries} queries`);
    assert.ok(Math.abs(Number(a.evidence.step) - 0.1) < 1e-3, `step ${a.evidence.step}`);
    assert.equal(a.evidence.movedFeatures, 30);
    assert.deepEqual(
      out.filter(
        (x) => x.detector === 'extraction.synthetic_values' || x.identities.some((id) => id !== 'pat'),
      ),
      [],
    );
  },
);

test('accounts whose queries are Jacobian steps from each other are linked and judged as one', () => {
  const r = rng(14);
  // Parents from ten accounts, each child from another account than its parent, few per account.
  const parents = Array.from({ length: 40 }, () => natural(r));
  const qs = [
    ...parents.map((x, i) => ({ id: `acct${i % 10}`, x })),
    ...parents.map((x, i) => ({ id: `acct${(i + 3) % 10}`, x: x.map((v) => v + (r() < 0.5 ? 0.2 : -0.2)) })),
  ];
  const alerts = run({ nearDuplicate: { count: 1000 }, steps: { count: 5, minMoved: 12 } }, qs);
  assert.deepEqual(
    alerts.filter((a) => a.detector === 'extraction.jacobian_steps'),
    [],
    'no account stepped from its own queries',
  );
  const c = alerts.find((a) => a.detector === 'extraction.cluster');
  assert.ok(c, 'no cluster alert');
  assert.equal(c.evidence.test, 'jacobian_steps');
  assert.ok(c.identities.length >= 2);
});

test('near-copies of a natural input confidently answered do not link accounts (a popular input, not a search)', () => {
  const r = rng(15);
  const popular = Array.from({ length: 5 }, () => natural(r));
  const qs = Array.from({ length: 600 }, (_, i) => ({
    id: `user${i % 30}`,
    x: popular[i % 5]!.map((v) => v + 0.01 * gauss(r)),
    conf: 0.97,
  }));
  assert.deepEqual(
    run({}, qs).filter((a) => a.detector === 'extraction.cluster'),
    [],
  );
});

test('a walk split across 100 accounts, one query each, is judged as one account within a few dozen queries', () => {
  const r = rng(16);
  const grid = Array.from({ length: 17 }, (_, v) => v);
  const ref = {
    m: {
      mean: Array(D).fill(8),
      std: Array(D).fill(4),
      oodThreshold: 50,
      lowConfShare: 0.05,
      values: Array(D).fill(grid),
    },
  };
  const x0 = Array.from({ length: D }, () => Math.floor(r() * 17));
  // Off the pixel grid (synthetic), near-copies of each other, answered near the boundary.
  const qs = Array.from({ length: 100 }, (_, i) => ({
    id: `acct${i}`,
    x: x0.map((v) => v + 0.3 + 0.05 * gauss(r)),
    conf: 0.55,
  }));
  const alerts = run({ references: ref }, qs);
  const c = alerts.find((a) => a.detector === 'extraction.cluster' && a.evidence.test === 'synthetic_values');
  assert.ok(c, 'the split walk was not judged as one');
  assert.ok(c.identities.length >= 20, `named ${c.identities.length}`);
  assert.ok(Number(c.evidence.judgedQueries) <= 40, `after ${c.evidence.judgedQueries} queries`);
  assert.equal(
    alerts.filter((a) => a.detector === 'extraction.synthetic_values').length,
    0,
    'no account alone sent enough',
  );
});
