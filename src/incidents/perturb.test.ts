import assert from 'node:assert/strict';
import { test } from 'node:test';
import { perturbConfidences } from './perturb.ts';

const argmax = (p: number[]) => p.indexOf(Math.max(...p));

test('rounding keeps the top class on top even when it would round to a tie', () => {
  const out = perturbConfidences([0.51, 0.49], { mode: 'round', decimals: 1 });
  assert.equal(argmax(out), 0);
  assert.ok(out[0]! > out[1]!);
  assert.deepEqual(perturbConfidences([0.123, 0.877], { mode: 'round', decimals: 1 }), [0.1, 0.9]);
});

test('noise changes the scores, keeps the arg-max, sums to one, and is reproducible per seed', () => {
  const p = [0.7, 0.2, 0.1];
  const a = perturbConfidences(p, { mode: 'noise', scale: 0.2 }, 'req-1');
  const b = perturbConfidences(p, { mode: 'noise', scale: 0.2 }, 'req-1');
  const c = perturbConfidences(p, { mode: 'noise', scale: 0.2 }, 'req-2');
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.notDeepEqual(a, p);
  assert.equal(argmax(a), 0);
  assert.ok(Math.abs(a.reduce((x, y) => x + y, 0) - 1) < 1e-9);
  for (let i = 0; i < 200; i++)
    assert.equal(argmax(perturbConfidences([0.34, 0.33, 0.33], { mode: 'noise', scale: 0.5 }, `s${i}`)), 0);
});

test('top1 returns a one-hot answer', () => {
  assert.deepEqual(perturbConfidences([0.2, 0.5, 0.3], { mode: 'top1' }), [0, 1, 0]);
});
