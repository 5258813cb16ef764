import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gauss, rng } from '../lib/rng.ts';
import { classifierEvent } from '../lib/testing.ts';
import type { AlertDraft } from '../types.ts';
import { createDriftDetector } from './drift.ts';

const T0 = 1_800_000_000_000;

function replay(n: number, shiftAt: number, shift: number, seed = 1) {
  const det = createDriftDetector({ reference: 2000, window: 500, falseAlarmEveryDays: 30 });
  const r = rng(seed);
  const out: AlertDraft[] = [];
  for (let i = 0; i < n; i++) {
    const x = [gauss(r), gauss(r) * 2 + 5, r() * 10];
    if (i >= shiftAt) x[1]! += shift;
    det.observe(
      classifierEvent({ at: T0 + i * 1000, identity: 'u', features: x, confidence: 0.9, label: i % 3 }),
      T0 + i * 1000,
      (a) => out.push(a),
    );
  }
  return { det, out };
}

test('a mean shift of one feature is detected and the alert names the feature with PSI, KS, JS and Wasserstein', () => {
  const { out } = replay(6000, 4000, 1.5);
  assert.ok(out.length >= 1);
  const a = out[0]!;
  assert.equal(a.evidence.feature, 'f1');
  for (const k of ['psi', 'ks', 'jensenShannon', 'wasserstein', 'threshold', 'falseAlarmEveryDays'])
    assert.equal(typeof a.evidence[k], 'number', k);
  assert.ok(a.at >= T0 + 4000 * 1000);
});

test('no drift in stationary traffic over many windows at a 30-day false-alarm budget', () => {
  const { out, det } = replay(20_000, Infinity, 0, 2);
  assert.equal(out.length, 0);
  const c = det.calibrations()[0]!;
  assert.ok(c.threshold > 0);
  assert.equal(c.falseAlarmEveryDays, 30);
  assert.ok(Math.abs(c.eventsPerDay - 86_400) < 100, `events/day ${c.eventsPerDay}`);
});
