import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv1a, gauss, rng } from './random.ts';

test('the same seed replays the same sequence; another seed does not', () => {
  const a = rng(42);
  const b = rng(42);
  const c = rng(43);
  const xs = Array.from({ length: 5 }, () => a());
  assert.deepEqual(Array.from({ length: 5 }, () => b()), xs);
  assert.notDeepEqual(Array.from({ length: 5 }, () => c()), xs);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test('mulberry32 matches its published first output for seed 0', () => {
  // First output of the reference C implementation for seed 0: 0x05DE5A0C... → 1144304738 / 2^32
  assert.equal(Math.round(rng(0)() * 4294967296), 1144304738);
});

test('gauss draws have mean ≈ 0 and variance ≈ 1', () => {
  const u = rng(7);
  const n = 20_000;
  const xs = Array.from({ length: n }, () => gauss(u));
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
});

test('fnv1a is the standard 32-bit FNV-1a', () => {
  assert.equal(fnv1a(''), 0x811c9dc5);
  assert.equal(fnv1a('a'), 0xe40c292c);
  assert.equal(fnv1a('foobar'), 0xbf9cf968);
});
