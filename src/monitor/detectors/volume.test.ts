import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifierEvent } from '../lib/testing.ts';
import type { AlertDraft } from '../types.ts';
import { createVolumeDetector, type VolumeOptions } from './volume.ts';

const T0 = 1_800_000_000_000;
const MIN = 60_000;

function feed(opts: VolumeOptions, calls: { at: number; id: string; ip?: string }[]): AlertDraft[] {
  const det = createVolumeDetector(opts);
  const out: AlertDraft[] = [];
  for (const c of calls)
    det.observe(
      classifierEvent({ at: c.at, identity: c.id, ip: c.ip ?? '10.0.0.1', features: [1] }),
      c.at,
      (a) => out.push(a),
    );
  return out;
}

/** n calls per minute for `minutes`, spread with a little jitter. */
function steady(id: string, from: number, minutes: number, n: number, jitter: () => number) {
  const out: { at: number; id: string }[] = [];
  for (let m = 0; m < minutes; m++)
    for (let i = 0; i < n; i++) out.push({ at: from + m * MIN + Math.floor(((i + jitter()) / n) * MIN), id });
  return out;
}

let seed = 1;
const jitter = () => {
  seed = (seed * 16807) % 2147483647;
  return (seed / 2147483647) * 0.9;
};

test('a spike far above an identity baseline raises one alert with the baseline in evidence', () => {
  const calls = [...steady('svc', T0, 60, 5, jitter), ...steady('svc', T0 + 60 * MIN, 1, 200, jitter)];
  const spikes = feed({ regularity: { enabled: false } }, calls).filter(
    (a) => a.detector === 'volume.spike' && a.identities[0] === 'svc',
  );
  assert.ok(spikes.length >= 1);
  assert.ok(Number(spikes[0]!.evidence.baseline) > 3 && Number(spikes[0]!.evidence.baseline) < 7);
});

test('steady traffic at the baseline raises no spike', () => {
  const alerts = feed({ regularity: { enabled: false } }, steady('svc', T0, 180, 20, jitter));
  assert.deepEqual(
    alerts.filter((a) => a.detector === 'volume.spike'),
    [],
  );
});

test('a slow ramp over days is caught by the fast-versus-slow average', () => {
  const calls: { at: number; id: string }[] = [];
  for (let day = 0; day < 6; day++)
    calls.push(
      ...steady('ramp', T0 + day * 1440 * MIN, 1440, 2 ** day, jitter).filter((_, i) => i % 2 === 0),
    );
  const alerts = feed({ regularity: { enabled: false }, spike: { minCount: 10_000 } }, calls);
  assert.ok(
    alerts.some((a) => a.detector === 'volume.ramp'),
    'no ramp alert',
  );
});

test('machine-regular arrivals are flagged as scripted; jittered ones are not', () => {
  const regular = Array.from({ length: 200 }, (_, i) => ({ at: T0 + i * 1000, id: 'bot' }));
  const human = Array.from({ length: 200 }, (_, i) => ({
    at: T0 + i * 1000 + Math.floor(jitter() * 900),
    id: 'human',
  }));
  const alerts = feed(
    {},
    [...regular, ...human].sort((a, b) => a.at - b.at),
  );
  assert.ok(alerts.some((a) => a.detector === 'volume.regular' && a.identities[0] === 'bot'));
  assert.ok(!alerts.some((a) => a.detector === 'volume.regular' && a.identities[0] === 'human'));
});

test('many identities from one source address raise a source alert', () => {
  const calls = Array.from({ length: 30 }, (_, i) => ({ at: T0 + i * 1000, id: `k${i}`, ip: '203.0.113.9' }));
  const a = feed({ sources: { maxIdentities: 20 } }, calls).find((x) => x.detector === 'volume.source_keys');
  assert.ok(a);
  assert.deepEqual(a.sources, ['203.0.113.9']);
});
