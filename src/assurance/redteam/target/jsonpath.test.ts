import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePath, select } from './jsonpath.ts';

const doc = { choices: [{ message: { content: 'a' } }, { message: { content: 'b' } }], 'odd key': 1 };
const at = (p: string, v: unknown = doc): unknown[] => {
  const r = parsePath(p);
  if (!r.ok) throw new Error(r.error);
  return select(r.steps, v);
};

test('selects by key, index, negative index, wildcard and quoted key', () => {
  assert.deepEqual(at('$.choices[0].message.content'), ['a']);
  assert.deepEqual(at('$.choices[-1].message.content'), ['b']);
  assert.deepEqual(at('$.choices[*].message.content'), ['a', 'b']);
  assert.deepEqual(at("$['odd key']"), [1]);
  assert.deepEqual(at('$'), [doc]);
});

test('a missing key or an index past the end selects nothing rather than throwing', () => {
  assert.deepEqual(at('$.nope.deeper'), []);
  assert.deepEqual(at('$.choices[9].message'), []);
  assert.deepEqual(at('$.choices.message'), []);
});

test('does not walk the prototype chain', () => {
  assert.deepEqual(at('$.constructor'), []);
  assert.deepEqual(at('$.__proto__'), []);
});

test('rejects filter expressions and other syntax it does not support, with the position', () => {
  for (const bad of ['choices', '$..x', '$[?(@.a)]', '$.a[1:2]', '$[', '$.']) {
    const r = parsePath(bad);
    assert.equal(r.ok, false, bad);
  }
  const r = parsePath('$[?(@.a)]');
  assert.ok(!r.ok && /at 1/.test(r.error));
});
