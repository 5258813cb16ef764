import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from './canonical.ts';

test('sorts keys at every depth, drops undefined members and adds no whitespace', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [1, 'x', null], c: undefined, b: true } }),
    '{"a":{"b":true,"d":[1,"x",null]},"b":1}',
  );
});

test('gives the same text for the same event built in a different key order', () => {
  assert.equal(canonicalJson({ x: 1, y: { p: 2, q: 3 } }), canonicalJson({ y: { q: 3, p: 2 }, x: 1 }));
});

test('sorts keys by UTF-16 code units and escapes strings as JSON does', () => {
  assert.equal(canonicalJson({ é: 1, z: 2, Z: 3 }), '{"Z":3,"z":2,"é":1}');
  assert.equal(canonicalJson('line\n"q"'), '"line\\n\\"q\\""');
});

test('refuses numbers JSON cannot carry', () => {
  assert.throws(() => canonicalJson({ n: Number.NaN }), /cannot carry/);
  assert.throws(() => canonicalJson({ n: Number.POSITIVE_INFINITY }), /cannot carry/);
});
