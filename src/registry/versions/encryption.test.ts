// Encryption at rest through a real SQLite store and blob directory: what `pull` does with a wrong key,
// a flipped or cut ciphertext and a store that mixes plaintext and sealed blobs, and that `rekey`
// survives being killed part-way and finishes when run again.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore, type Store } from '../../store/index.ts';
import { blobPath, checkBlob, rekeyBlobs } from './blobs.ts';
import { type BlobEncryption, MAGIC, parseBlobKey } from './crypto.ts';
import { resolveVersion } from './history.ts';
import { pullVersion } from './pull.ts';
import { pushArtifact } from './push.ts';

const BIN = new URL('../../../bin/parapet.js', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'parapet-registry-enc-'));
let store: Store;
let n = 0;
const fresh = (p: string) => join(root, `${p}-${++n}`);
const keyA = parseBlobKey(Buffer.alloc(32, 0xa1), 'a');
const keyB = parseBlobKey(Buffer.alloc(32, 0xb2), 'b');
const sealedWith = (dir: string, current = keyA, ...older: (typeof keyA)[]) => ({
  dir,
  encryption: { current, ring: [current, ...older] } satisfies BlobEncryption,
});

before(async () => {
  store = await openStore({ kind: 'sqlite', path: join(root, 'registry.db') });
});
after(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

async function pushed(
  blobs: Parameters<typeof pushArtifact>[1]['blobDir'],
  files: Record<string, string | Buffer>,
) {
  const src = fresh('model');
  for (const [f, body] of Object.entries(files)) {
    mkdirSync(join(src, f, '..'), { recursive: true });
    writeFileSync(join(src, f), body);
  }
  const name = `m${n}`;
  const r = await pushArtifact(store, { path: src, name, blobDir: blobs, actor: 'ci', scan: false });
  assert.ok(r.ok, r.ok ? '' : r.error);
  const v = await resolveVersion(store, { name });
  const digests = Object.fromEntries(v!.statement.predicate.resources.map((x) => [x.name, x.digest]));
  return { name, digests };
}

/** Overwrites a (read-only) blob file with `edit` applied to its bytes. */
function tamper(dir: string, digest: string, edit: (b: Buffer) => Buffer) {
  const path = blobPath(dir, digest);
  const bytes = edit(readFileSync(path));
  chmodSync(path, 0o644);
  writeFileSync(path, bytes);
}

test('a wrong key, a flipped ciphertext byte and a cut blob each stop the pull with a clear error, and nothing is left to serve', async () => {
  const dir = fresh('blobs');
  const { name, digests } = await pushed(sealedWith(dir), {
    'weights.bin': randomBytes(3 * 1024 * 1024 + 17),
    'config.json': '{"layers":2}',
  });
  const ok = fresh('out');
  assert.ok((await pullVersion(store, sealedWith(dir), { name }, ok)).ok);

  const cases: [string, Parameters<typeof pullVersion>[1], RegExp][] = [
    [
      'wrong key',
      sealedWith(dir, keyB),
      new RegExp(`sealed with key ${keyA.id.toString('hex')}, which is not configured`),
    ],
    ['no key', dir, /no registry.encryption key is configured/],
  ];
  for (const [what, blobs, message] of cases) {
    const out = fresh('out');
    const r = await pullVersion(store, blobs, { name }, out);
    assert.ok(!r.ok && message.test(r.error), `${what}: ${JSON.stringify(r)}`);
    assert.deepEqual(readdirSync(out), [], `${what}: nothing is left to serve`);
  }

  // One flipped bit in the second 1 MiB chunk of weights.bin: the pull fails after the first chunk
  // was already written to the staging area — and the output directory must still be empty.
  tamper(dir, digests['weights.bin']!, (b) => {
    b[36 + 1024 * 1024 + 16 + 100]! ^= 1;
    return b;
  });
  const out = fresh('out');
  const r = await pullVersion(store, sealedWith(dir), { name }, out);
  assert.ok(
    !r.ok && /weights\.bin: sealed blob chunk 1 does not authenticate/.test(r.error),
    JSON.stringify(r),
  );
  assert.deepEqual(readdirSync(out), [], 'a failed pull leaves nothing behind');
  assert.equal(await checkBlob(sealedWith(dir), digests['weights.bin']!), false);

  tamper(dir, digests['config.json']!, (b) => b.subarray(0, b.length - 1));
  const cut = await pullVersion(store, sealedWith(dir), { name }, fresh('out'));
  assert.ok(!cut.ok && /does not authenticate|truncated/.test(cut.error), JSON.stringify(cut));
});

test('a plaintext store keeps working once encryption is configured: old blobs are read as they are, new ones are sealed', async () => {
  const dir = fresh('blobs');
  const old = await pushed(dir, { 'w.bin': 'plaintext weights from before' });
  const neu = await pushed(sealedWith(dir), { 'w.bin': 'weights pushed after the key was set' });
  const oldBytes = readFileSync(blobPath(dir, old.digests['w.bin']!));
  const newBytes = readFileSync(blobPath(dir, neu.digests['w.bin']!));
  assert.equal(oldBytes.toString(), 'plaintext weights from before');
  assert.ok(newBytes.subarray(0, 8).equals(MAGIC) && !newBytes.includes('weights pushed'));
  for (const [v, text] of [
    [old, 'plaintext weights from before'],
    [neu, 'weights pushed after the key was set'],
  ] as const) {
    const out = fresh('out');
    const r = await pullVersion(store, sealedWith(dir), { name: v.name }, out);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(readFileSync(join(out, 'w.bin'), 'utf8'), text);
  }
  // A plaintext blob that was altered is still caught, by its digest.
  tamper(dir, old.digests['w.bin']!, (b) => Buffer.concat([b, Buffer.from('!')]));
  const bad = await pullVersion(store, sealedWith(dir), { name: old.name }, fresh('out'));
  assert.ok(!bad.ok && /corrupt \(digest differs\)/.test(bad.error), JSON.stringify(bad));
});

test('rekey leaves a blob it cannot open untouched and names it', async () => {
  const dir = fresh('blobs');
  const { digests } = await pushed(sealedWith(dir), { 'a.bin': 'aaa', 'b.bin': 'bbb' });
  tamper(dir, digests['a.bin']!, (b) => {
    b[b.length - 1]! ^= 1;
    return b;
  });
  const before = readFileSync(blobPath(dir, digests['a.bin']!));
  const r = await rekeyBlobs(dir, { current: keyB, ring: [keyB, keyA] });
  assert.equal(r.resealed, 1);
  assert.deepEqual(
    r.failed.map((f) => [f.digest, /does not authenticate/.test(f.error)]),
    [[digests['a.bin'], true]],
  );
  assert.deepEqual(readFileSync(blobPath(dir, digests['a.bin']!)), before);
  assert.deepEqual(readdirSync(join(dir, 'tmp')), [], 'no temporary file is left');
});

test('rekey killed at any moment leaves every blob readable; run again it finishes, and a third run does nothing', async () => {
  const dir = fresh('blobs');
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < 12; i++) files[`shard-${i}.bin`] = randomBytes(4 * 1024 * 1024 + i);
  const { name, digests } = await pushed(sealedWith(dir), files);
  const cfgDir = fresh('cfg');
  mkdirSync(cfgDir);
  writeFileSync(join(cfgDir, 'a.key'), keyA.key);
  writeFileSync(join(cfgDir, 'b.key'), keyB.key.toString('hex'));
  const config = join(cfgDir, 'parapet.yaml');
  writeFileSync(
    config,
    `store: { kind: sqlite, path: ${join(root, 'registry.db')} }\nregistry: { dir: ${dir}, encryption: { keyFile: a.key } }\n`,
  );
  const rekey = () =>
    spawn(
      process.execPath,
      [BIN, 'registry', 'rekey', '--new-key-file', join(cfgDir, 'b.key'), '--json', '--config', config],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  // Kill the first run once it has re-sealed at least one blob (or at its end, whichever comes first).
  const first = rekey();
  const killed = await new Promise<boolean>((resolve) => {
    const poll = setInterval(() => {
      const underB = Object.values(digests).filter((d) =>
        readFileSync(blobPath(dir, d)).subarray(8, 24).equals(keyB.id),
      ).length;
      if (underB > 0) {
        clearInterval(poll);
        resolve(first.kill('SIGKILL'));
      }
    }, 5);
    first.on('exit', () => {
      clearInterval(poll);
      resolve(false);
    });
  });
  await new Promise((r) =>
    first.exitCode === null && first.signalCode === null ? first.on('exit', r) : r(0),
  );

  const ring = sealedWith(dir, keyB, keyA);
  for (const [f, d] of Object.entries(digests))
    assert.equal(await checkBlob(ring, d), true, `${f} after the kill`);

  const run = () =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = rekey();
      let out = '';
      p.stdout.on('data', (c: Buffer) => (out += c.toString()));
      p.on('exit', (code) => resolve({ code, out }));
    });
  const second = await run();
  assert.equal(second.code, 0);
  const res = JSON.parse(second.out) as { resealed: number; skipped: number; failed: unknown[] };
  assert.equal(res.resealed + res.skipped, 12);
  assert.deepEqual(res.failed, []);
  if (killed) assert.ok(res.skipped >= 1, 'blobs re-sealed before the kill are skipped');
  assert.deepEqual(
    readdirSync(join(dir, 'tmp')).filter((f) => f.includes('.rekey.')),
    [],
    'the killed run’s temporary file is cleared',
  );
  const third = JSON.parse((await run()).out) as { resealed: number; skipped: number };
  assert.deepEqual([third.resealed, third.skipped], [0, 12]);

  const out = fresh('out');
  const pulled = await pullVersion(store, sealedWith(dir, keyB), { name }, out);
  assert.ok(pulled.ok, pulled.ok ? '' : pulled.error);
  for (const [f, d] of Object.entries(digests))
    assert.equal(
      createHash('sha256')
        .update(readFileSync(join(out, f)))
        .digest('hex'),
      d,
    );
});

test('through the CLI with the key in an environment variable: push seals, pull opens, and without the variable both refuse naming it', () => {
  const cfgDir = fresh('env');
  mkdirSync(join(cfgDir, 'model'), { recursive: true });
  writeFileSync(join(cfgDir, 'model', 'w.bin'), 'weights sealed under an env key');
  const config = join(cfgDir, 'parapet.yaml');
  writeFileSync(
    config,
    `store: { kind: sqlite, path: ${join(cfgDir, 'p.db')} }\nregistry: { dir: blobs, encryption: { keyEnv: PARAPET_TEST_REGISTRY_KEY } }\n`,
  );
  const withKey = { ...process.env, PARAPET_TEST_REGISTRY_KEY: randomBytes(32).toString('base64') };
  const { PARAPET_TEST_REGISTRY_KEY: _, ...withoutKey } = withKey;
  const cli = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    spawnSync(process.execPath, [BIN, 'registry', ...args, '--config', config], { encoding: 'utf8', env });
  const push = cli(withKey, 'push', join(cfgDir, 'model'), '--name', 'envsealed', '--no-progress');
  assert.equal(push.status, 0, push.stderr);
  const grep = spawnSync('grep', ['-rl', 'weights sealed', join(cfgDir, 'blobs')], { encoding: 'utf8' });
  assert.equal(grep.stdout, '', 'no blob holds the plaintext');
  const pulled = cli(withKey, 'pull', 'envsealed', '--out', join(cfgDir, 'out'));
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.equal(readFileSync(join(cfgDir, 'out', 'w.bin'), 'utf8'), 'weights sealed under an env key');
  for (const args of [
    ['pull', 'envsealed', '--out', join(cfgDir, 'out2')],
    ['push', join(cfgDir, 'model'), '--name', 'envsealed2', '--no-progress'],
  ]) {
    const r = cli(withoutKey, ...args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /environment variable PARAPET_TEST_REGISTRY_KEY is not set/);
  }
});

test('a plaintext file that begins with the sealed format’s magic is stored, pulled and rekeyed like any other', async () => {
  const dir = fresh('blobs');
  const tricky = Buffer.concat([MAGIC, randomBytes(100)]); // e.g. a sealed blob pushed as a model file
  const { name, digests } = await pushed(dir, { 'odd.bin': tricky });
  for (const blobs of [dir, sealedWith(dir)]) {
    const out = fresh('out');
    const r = await pullVersion(store, blobs, { name }, out);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepEqual(readFileSync(join(out, 'odd.bin')), tricky);
  }
  const res = await rekeyBlobs(dir, { current: keyB, ring: [keyB] });
  assert.deepEqual([res.resealed, res.failed], [1, []]);
  assert.ok(readFileSync(blobPath(dir, digests['odd.bin']!)).subarray(8, 24).equals(keyB.id));
  const out = fresh('out');
  assert.ok((await pullVersion(store, sealedWith(dir, keyB), { name }, out)).ok);
  assert.deepEqual(readFileSync(join(out, 'odd.bin')), tricky);
  // The fallback is for plaintext only: a sealed blob with a flipped byte still fails.
  tamper(dir, digests['odd.bin']!, (b) => {
    b[b.length - 1]! ^= 1;
    return b;
  });
  const bad = await pullVersion(store, sealedWith(dir, keyB), { name }, fresh('out'));
  assert.ok(!bad.ok && /does not authenticate/.test(bad.error), JSON.stringify(bad));
});
