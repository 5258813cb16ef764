import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPhones, MAX_LIBRARY_CALLS } from './phone.ts';

test('past the library budget, phone-shaped candidates are reported on their shape (score 0.5)', () => {
  // Distinct near misses: ten digits after +1 is one short of a NANP number, so the library says no.
  const n = MAX_LIBRARY_CALLS + 100;
  const parts = Array.from({ length: n }, (_, k) => `+1 555 010 ${String(k).padStart(3, '0')}`);
  const hits = findPhones(parts.join('; '), ['US']);
  assert.equal(hits.length, n - MAX_LIBRARY_CALLS);
  assert.ok(hits.every((h) => h.score === 0.5));
  const firstAfter = parts.slice(0, MAX_LIBRARY_CALLS).join('; ').length + 2;
  assert.equal(hits[0]!.start, firstAfter);
});

test('a repeated number is judged once and every copy is still found with full score', () => {
  const text = Array.from({ length: 3 * MAX_LIBRARY_CALLS }, () => 'call +44 20 7946 0958').join('. ');
  const hits = findPhones(text, ['GB']);
  assert.equal(hits.length, 3 * MAX_LIBRARY_CALLS);
  assert.ok(hits.every((h) => h.score === 1 && h.key === '+442079460958'));
});
