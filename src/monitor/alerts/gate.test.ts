import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertDraft } from '../types.ts';
import { createGate } from './gate.ts';

const draft = (key: string, at: number, detector = 'd'): AlertDraft => ({
  detector,
  severity: 'high',
  summary: 's',
  evidence: {},
  identities: [],
  models: [],
  requestIds: [],
  at,
  key,
});

test('merges alerts with the same key inside the dedupe window and lets one through after it', () => {
  const g = createGate({ dedupeSeconds: 60, perDetectorPerMinute: 100 });
  const first = g.admit(draft('k', 0));
  assert.ok(first);
  assert.equal(g.admit(draft('k', 30_000)), undefined);
  assert.equal(first.count, 2);
  assert.ok(g.admit(draft('k', 61_000)));
  assert.deepEqual(g.stats, { passed: 2, merged: 1, suppressed: 0 });
});

test('rate-limits new alerts per detector per minute', () => {
  const g = createGate({ dedupeSeconds: 0, perDetectorPerMinute: 3 });
  const passed = Array.from({ length: 10 }, (_, i) => g.admit(draft(`k${i}`, 1000 + i))).filter(
    Boolean,
  ).length;
  assert.equal(passed, 3);
  assert.ok(g.admit(draft('other', 1000, 'e')));
  assert.ok(g.admit(draft('k99', 61_000)));
});
