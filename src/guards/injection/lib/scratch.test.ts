import assert from 'node:assert/strict';
import { test } from 'node:test';
import { doubled, int32, Scratch } from './scratch.ts';

test('a scratch array is handed out again, grown when asked for more, and never kept past its cap', () => {
  const s = new Scratch(int32, 64, 8);
  const a = s.atLeast(8);
  assert.equal(s.atLeast(5), a, 'enough room: the same array');
  const b = s.atLeast(20);
  assert.ok(b.length >= 20 && b !== a);
  assert.equal(s.atLeast(10), b, 'the larger array is kept');
  const huge = s.atLeast(100);
  assert.equal(huge.length, 100);
  assert.equal(s.atLeast(10), b, 'past the cap the call gets its own array; the kept one stays');
});

test('growing keeps the contents, and keeps the result only within the cap', () => {
  const s = new Scratch(int32, 64, 4);
  const a = s.atLeast(4);
  a.set([1, 2, 3, 4]);
  const g = s.grown(a);
  assert.deepEqual([...g.subarray(0, 4)], [1, 2, 3, 4]);
  assert.equal(g.length, 8);
  assert.equal(s.atLeast(8), g);
  const big = s.grown(s.grown(s.grown(s.grown(g)))); // 16, 32, 64, then 128: past the cap
  assert.equal(big.length, 128);
  assert.equal(s.atLeast(64).length, 64, 'the 128-entry array was not kept');
  const own = doubled(Int32Array.from([7]), int32);
  assert.deepEqual([...own], [7, 0]);
  assert.equal(s.atLeast(1).length, 64, 'doubled() keeps nothing');
});
