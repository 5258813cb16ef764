import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globMatch } from './glob.ts';
import { isIgnored, normaliseIgnore, parseShardName, pathProblem } from './paths.ts';

test('shard names split on the last two colons, so file names may contain colons', () => {
  assert.deepEqual(parseShardName('a:b.bin:0:10'), { path: 'a:b.bin', start: 0, end: 10 });
  assert.equal(parseShardName('a.bin:10:10'), undefined);
  assert.equal(parseShardName('a.bin:x:10'), undefined);
  assert.equal(parseShardName('a.bin:10'), undefined);
});

test('non-canonical and escaping paths are named', () => {
  assert.equal(pathProblem('a/b.bin'), undefined);
  for (const p of ['/etc/passwd', '../x', 'a/../b', 'a//b', './a', 'a/', 'a\\b', ''])
    assert.ok(pathProblem(p), p);
});

test('ignore entries are normalised and match whole components only', () => {
  assert.deepEqual(normaliseIgnore('./cache//'), { ok: true, path: 'cache' });
  assert.equal(normaliseIgnore('/abs').ok, false);
  const ignores = new Set(['cache']);
  assert.equal(isIgnored('cache/x.bin', ignores), true);
  assert.equal(isIgnored('cache', ignores), true);
  assert.equal(isIgnored('cachex/y', ignores), false);
  assert.equal(isIgnored('sub/cache', ignores), false);
});

test('artifact patterns match * and ? and nothing else', () => {
  assert.equal(globMatch('fraud-*', 'fraud-v3'), true);
  assert.equal(globMatch('fraud-*', 'chat-v1'), false);
  assert.equal(globMatch('m?del', 'model'), true);
  assert.equal(globMatch('*', ''), true);
  assert.equal(globMatch('a*b*c', 'aXXbYYc'), true);
  assert.equal(globMatch('a*b*c', 'aXXbYY'), false);
  assert.equal(globMatch('a.b', 'aXb'), false);
});
