import assert from 'node:assert/strict';
import { test } from 'node:test';
import { charsOf } from './chars.ts';
import { segmentRole, segments } from './segments.ts';

const spans = (t: string) => {
  const s = segments(charsOf(t));
  const out: string[] = [];
  for (let k = 0; k < s.length; k += 2) out.push(t.slice(s[k], s[k + 1]));
  return out;
};

test('cuts lines and long sentences, trims spaces and drops one-character pieces', () => {
  assert.deepEqual(
    spans('hi david, your card was charged today. explain the theory of relativity.\n  | a | b |  \n\nx\nok'),
    ['hi david, your card was charged today.', 'explain the theory of relativity.', '| a | b |', 'ok'],
  );
});

test('keeps a short sentence joined to the next one', () => {
  assert.deepEqual(spans('ok. then do it now, please.'), ['ok. then do it now, please.']);
});

test('is linear on a megabyte of sentence ends and newlines', () => {
  const t = 'a. '.repeat(200_000) + '\n'.repeat(200_000);
  const s = segments(charsOf(t));
  assert.ok(s.length > 0 && s.length % 2 === 0);
});

test('roles tell the only, first, inner and last segment apart', () => {
  assert.equal(segmentRole(0, 1), 1);
  assert.equal(segmentRole(0, 3), 2);
  assert.equal(segmentRole(1, 3), 3);
  assert.equal(segmentRole(2, 3), 4);
});
