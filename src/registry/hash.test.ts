// hashTree and buildManifest against independent computations: whole-file and per-shard SHA-256,
// the OMS root digest, code-point ordering, ignore rules, and worker threads agreeing with the
// calling thread.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hashTree } from './hash.ts';
import { hashOne } from './lib/hash-worker.ts';
import { tempDir, writeTree } from './lib/testing.ts';
import { buildManifest, rootDigest } from './manifest.ts';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
let tmp: Awaited<ReturnType<typeof tempDir>>;
before(async () => {
  tmp = await tempDir();
});
after(() => tmp.cleanup());

test('root digest is SHA-256 over the concatenated raw resource digests', () => {
  const a = sha('a');
  const b = sha('b');
  const expected = sha(Buffer.concat([Buffer.from(a, 'hex'), Buffer.from(b, 'hex')]));
  assert.equal(
    rootDigest([
      { name: 'a', digest: a, algorithm: 'sha256' },
      { name: 'b', digest: b, algorithm: 'sha256' },
    ]),
    expected,
  );
});

test('orders resources by code point, not UTF-16 unit, and leaves only top-level defaults out', async () => {
  const dir = join(tmp.dir, 'order');
  // U+FF5E sorts before U+1F600 by code point but after it in UTF-16 code units.
  await writeTree(dir, {
    '\u{1F600}.bin': '1',
    '\uFF5E.bin': '2',
    'B.bin': '3',
    'a.bin': '4',
    '.git/HEAD': 'ref',
    '.gitignore': '*',
    'sub/.git': 'kept: not top level',
  });
  const tree = await hashTree(dir);
  assert.deepEqual(
    tree.resources.map((r) => r.name),
    ['B.bin', 'a.bin', 'sub/.git', '\uFF5E.bin', '\u{1F600}.bin'],
  );
  assert.equal(tree.resources.find((r) => r.name === 'a.bin')?.digest, sha('4'));
});

test('shards name byte ranges path:start:end and hash each range', async () => {
  const dir = join(tmp.dir, 'shards');
  const data = randomBytes(2500);
  await writeTree(dir, { 'w.bin': data, 'empty.bin': '' });
  const tree = await hashTree(dir, { method: 'shards', shardSize: 1000 });
  assert.deepEqual(tree.resources, [
    { name: 'w.bin:0:1000', digest: sha(data.subarray(0, 1000)), algorithm: 'sha256' },
    { name: 'w.bin:1000:2000', digest: sha(data.subarray(1000, 2000)), algorithm: 'sha256' },
    { name: 'w.bin:2000:2500', digest: sha(data.subarray(2000)), algorithm: 'sha256' },
  ]);
  assert.equal(tree.serialization.shard_size, 1000);
});

test('worker threads give the same digests as the calling thread', async () => {
  const dir = join(tmp.dir, 'workers');
  const big = randomBytes(20 * 1024 * 1024);
  await writeTree(dir, { 'big.bin': big, 'small.txt': 'hello' });
  const inline = await hashTree(dir, { method: 'shards', shardSize: 7_000_000, workers: 0 });
  const pooled = await hashTree(dir, { method: 'shards', shardSize: 7_000_000, workers: 2 });
  assert.deepEqual(pooled.resources, inline.resources);
  const whole = await hashTree(dir, { workers: 2 });
  assert.equal(whole.resources[0]?.digest, sha(big));
});

test('a single-file model is named by its basename', async () => {
  await writeTree(tmp.dir, { 'solo.onnx': 'weights' });
  const tree = await hashTree(join(tmp.dir, 'solo.onnx'));
  assert.equal(tree.single, true);
  assert.deepEqual(tree.resources, [{ name: 'solo.onnx', digest: sha('weights'), algorithm: 'sha256' }]);
});

test('an empty model cannot be signed', async () => {
  const dir = join(tmp.dir, 'empty');
  await writeTree(dir, { '.git/config': 'x' });
  const m = buildManifest(await hashTree(dir));
  assert.equal(m.ok, false);
});

test('ignore paths with globs or parent traversal are refused', async () => {
  await assert.rejects(hashTree(tmp.dir, { ignorePaths: ['*.bin'] }), /glob/);
  await assert.rejects(hashTree(tmp.dir, { ignorePaths: ['a/../../b'] }), /\.\./);
});

test('a file swapped for a symlink after listing is not followed when hashed', async () => {
  await writeTree(tmp.dir, { 'target.bin': 'secret' });
  await symlink(join(tmp.dir, 'target.bin'), join(tmp.dir, 'swapped.bin'));
  const r = hashOne({ abs: join(tmp.dir, 'swapped.bin'), start: 0, end: 6 }, 'sha256');
  assert.ok('error' in r && r.error.includes('ELOOP'), JSON.stringify(r));
});

test('hashing workers start even when the caller runs under node --input-type=module -e', async () => {
  const dir = join(tmp.dir, 'evalcaller');
  // two batches: the calling thread takes one, a worker thread the other
  const a = randomBytes(17 * 1024 * 1024);
  const b = randomBytes(17 * 1024 * 1024);
  await writeTree(dir, { 'a.bin': a, 'b.bin': b });
  const mod = new URL('./hash.ts', import.meta.url).href;
  const code = `import { hashTree } from '${mod}'; const t = await hashTree(${JSON.stringify(dir)}, { workers: 2 }); for (const r of t.resources) console.log(r.digest);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), [sha(a), sha(b)]);
});
