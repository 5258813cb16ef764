import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digitRuns } from './runs.ts';

test('finds every maximal digit run with the characters around it (0 at either end of the text)', () => {
  const r = digitRuns('12 ab 345-6x7');
  const runs = Array.from({ length: r.count }, (_, k) => [r.starts[k], r.ends[k], r.before[k], r.after[k]]);
  assert.deepEqual(runs, [
    [0, 2, 0, 32],
    [6, 9, 32, 45],
    [10, 11, 45, 120],
    [12, 13, 120, 0],
  ]);
});

test('a text without digits has no runs, and one of 100,000 runs has them all', () => {
  assert.equal(digitRuns('no digits here').count, 0);
  const r = digitRuns('1 '.repeat(100_000));
  assert.equal(r.count, 100_000);
  assert.equal(r.starts[99_999], 199_998);
});
