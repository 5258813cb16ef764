import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instances, instancesInScratch } from './instances.ts';

test('scoring reuses its instance buffer and gets exactly what training gets, as texts grow and shrink', () => {
  // Lengths that make the reused buffer grow (twice), then serve smaller texts from the larger buffer.
  for (const length of [10, 700, 5_000, 60_000, 300, 200_000, 0, 1_200]) {
    const segs = new Int32Array([0, Math.min(length, 40), Math.min(length, 41), length]);
    const fresh = instances(length, segs);
    const reused = instancesInScratch(length, segs);
    assert.deepEqual([...reused], [...fresh], `length ${length}`);
  }
});

test('instances() returns arrays of its own, which a later call does not overwrite', () => {
  const a = instances(1_000, new Int32Array([0, 10]));
  const copy = [...a];
  instances(50_000, new Int32Array([5, 20]));
  instancesInScratch(50_000, new Int32Array([5, 20]));
  assert.deepEqual([...a], copy);
});
