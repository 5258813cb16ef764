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

const DAY_MS = 1440 * MIN;
/** A daily batch job: `n` requests at one per second starting at `hour` on each of `days` days. */
function batch(id: string, days: number[], hour: number, n = 500) {
  const out: { at: number; id: string }[] = [];
  const day0 = Math.floor(T0 / DAY_MS) * DAY_MS;
  for (const d of days)
    for (let i = 0; i < n; i++) out.push({ at: day0 + d * DAY_MS + hour * 60 * MIN + i * 1000, id });
  return out;
}
/** Days (since T0's day) on which the identity's own key spiked. */
const spikesOf = (alerts: AlertDraft[], id: string) => [
  ...new Set(
    alerts
      .filter((a) => a.detector === 'volume.spike' && a.identities[0] === id && a.key.includes('identity'))
      .map((a) => Math.floor(a.at / DAY_MS) - Math.floor(T0 / DAY_MS)),
  ),
];

test('a daily batch job spikes on its first day only: later days at the same hour are within the seasonal peak', () => {
  // A trickle keeps the identity's baseline warm, then the same job runs at 03:00 on days 1 and 2.
  const trickle = Array.from({ length: 3 * 48 }, (_, i) => ({
    at: Math.floor(T0 / DAY_MS) * DAY_MS + i * 30 * MIN + 7 * MIN,
    id: 'job',
  }));
  const calls = [...trickle, ...batch('job', [1, 2], 3)].sort((a, b) => a.at - b.at);
  const seasonal = spikesOf(feed({ regularity: { enabled: false } }, calls), 'job');
  const plain = spikesOf(feed({ regularity: { enabled: false }, spike: { seasonal: false } }, calls), 'job');
  assert.deepEqual(seasonal, [1], 'the first run is a spike, the repeat is not');
  assert.deepEqual(plain, [1, 2], 'without seasonality both runs spike');
  // The same job at another hour of day is still a spike.
  const moved = [...trickle, ...batch('job', [1], 3), ...batch('job', [2], 12)].sort((a, b) => a.at - b.at);
  assert.deepEqual(spikesOf(feed({ regularity: { enabled: false } }, moved), 'job'), [1, 2]);
});

test('a scripted client raises one regularity alert when it turns scripted, not one per request', () => {
  const regular = Array.from({ length: 400 }, (_, i) => ({ at: T0 + i * 1000, id: 'bot' }));
  const alerts = feed({}, regular).filter((a) => a.detector === 'volume.regular');
  assert.equal(alerts.length, 1);
});

test('a job scripted at the same hour on an earlier day is scheduled; at a new hour it is flagged again', () => {
  const reg = (alerts: AlertDraft[]) => alerts.filter((a) => a.detector === 'volume.regular').length;
  const same = batch('job', [0, 1, 2], 3);
  assert.equal(reg(feed({ spike: { minCount: 10_000 } }, same)), 1);
  assert.equal(reg(feed({ spike: { minCount: 10_000 }, regularity: { scheduledDays: 0 } }, same)), 3);
  const moved = [...batch('job', [0], 3), ...batch('job', [1], 15)];
  assert.equal(reg(feed({ spike: { minCount: 10_000 } }, moved)), 2);
});

test('one busy first minute of a new identity is not a heavy caller against its peers', () => {
  const background = Array.from({ length: 2000 }, (_, i) => ({ at: T0 + i * 500, id: `u${i % 50}` }));
  const burst = Array.from({ length: 60 }, (_, i) => ({ at: T0 + 100 * MIN + i * 900, id: 'new' }));
  const after = [{ at: T0 + 102 * MIN, id: 'new' }];
  const alerts = feed(
    { regularity: { enabled: false }, spike: { minCount: 10_000 } },
    [...background, ...burst, ...after].sort((a, b) => a.at - b.at),
  );
  assert.deepEqual(
    alerts.filter((a) => a.detector === 'volume.peers' && a.identities[0] === 'new'),
    [],
  );
});
