import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  BlobSealError,
  decryptChunks,
  encryptChunks,
  loadBlobEncryption,
  MAGIC,
  parseBlobKey,
} from './crypto.ts';

const key = parseBlobKey(randomBytes(32), 'test');
const other = parseBlobKey(Buffer.from(randomBytes(32).toString('hex')), 'test');

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of it) out.push(c);
  return Buffer.concat(out);
}
async function* pieces(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
  if (buf.length === 0) yield buf;
}
const seal = (plain: Buffer, chunk = 16) => collect(encryptChunks(key, chunk)(pieces(plain, 7)));
const open = (sealed: Buffer, ring = [key], inputPiece = 5) =>
  collect(decryptChunks(ring)(pieces(sealed, inputPiece)));

test('round-trips every size around chunk boundaries, whatever the read sizes', async () => {
  for (const n of [0, 1, 15, 16, 17, 32, 48, 100]) {
    const plain = randomBytes(n);
    const sealed = await seal(plain);
    assert.ok(sealed.subarray(0, 8).equals(MAGIC));
    if (n >= 16) assert.ok(!sealed.includes(plain), 'plaintext must not appear on disk');
    for (const piece of [1, 5, 1000])
      assert.deepEqual(await open(sealed, [key], piece), plain, `n=${n} piece=${piece}`);
  }
});

test('a flipped byte, a cut at a chunk boundary, reordered chunks and a swapped header are refused', async () => {
  const plain = randomBytes(64); // four 16-byte chunks, each sealed as 32 bytes after a 36-byte header
  const sealed = await seal(plain);
  const flipped = Buffer.from(sealed);
  flipped[36 + 40] ^= 1;
  await assert.rejects(open(flipped), BlobSealError);
  const cut = sealed.subarray(0, 36 + 3 * 32); // whole chunks, but not the last one
  await assert.rejects(open(cut), /does not authenticate/);
  const swapped = Buffer.concat([
    sealed.subarray(0, 36),
    sealed.subarray(68, 100),
    sealed.subarray(36, 68),
    sealed.subarray(100),
  ]);
  await assert.rejects(open(swapped), /does not authenticate/);
  const bigger = Buffer.from(sealed);
  bigger.writeUInt32BE(32, 32); // claim another chunk size
  await assert.rejects(open(bigger), BlobSealError);
});

test('a blob sealed with a key the ring does not hold names the missing key; the previous key opens it', async () => {
  const sealed = await seal(Buffer.from('weights'));
  await assert.rejects(
    open(sealed, [other]),
    new RegExp(`sealed with key ${key.id.toString('hex')}, which is not configured`),
  );
  await assert.rejects(open(sealed, []), /no registry.encryption key is configured/);
  assert.equal((await open(sealed, [other, key])).toString(), 'weights');
});

test('plaintext blobs (stored before encryption was configured) pass through for digest checking', async () => {
  assert.equal((await open(Buffer.from('plain model bytes'))).toString(), 'plain model bytes');
  assert.equal((await open(Buffer.from('abc'))).toString(), 'abc');
  await assert.rejects(
    collect(decryptChunks([key], false)(pieces(Buffer.from('plain model bytes'), 4))),
    /not sealed/,
  );
});

test('key material must be 256 bits: raw, hex or base64', () => {
  assert.equal(parseBlobKey(Buffer.from('ab'.repeat(32)), 'k').key.length, 32);
  assert.equal(parseBlobKey(Buffer.from(randomBytes(32).toString('base64')), 'k').key.length, 32);
  assert.throws(
    () => parseBlobKey(Buffer.from('too short'), 'key file k.bin'),
    /key file k.bin: expected a 256-bit key/,
  );
});

test('every cut of a sealed blob is refused: in the header, inside a chunk, after a whole chunk, down to the header alone', async () => {
  const sealed = await seal(randomBytes(40)); // chunks of 16, 16, 8 → records of 32, 32, 24 after a 36-byte header
  for (const at of [4, 8, 20, 35, 36, 36 + 10, 36 + 32, 36 + 50, 36 + 64, sealed.length - 1])
    await assert.rejects(open(sealed.subarray(0, at)), BlobSealError, `cut at ${at}`);
  await assert.rejects(open(sealed.subarray(0, 36)), /truncated/);
  await assert.rejects(open(sealed.subarray(0, 20)), /truncated in its header/);
});

test('bytes appended after the last chunk, even a whole record from another blob, are refused', async () => {
  const a = await seal(randomBytes(32));
  const b = await seal(randomBytes(32));
  await assert.rejects(open(Buffer.concat([a, Buffer.from([0])])), BlobSealError);
  await assert.rejects(open(Buffer.concat([a, b.subarray(36, 36 + 32)])), /does not authenticate/);
  // A record of another blob (same key, its own nonce prefix) spliced in place of one of this blob's.
  const spliced = Buffer.concat([a.subarray(0, 36), b.subarray(36, 68), a.subarray(68)]);
  await assert.rejects(open(spliced), /chunk 0 does not authenticate/);
});

test('a header edited to name another configured key, or another nonce prefix, does not open', async () => {
  const sealed = await seal(randomBytes(20));
  const otherId = Buffer.from(sealed);
  other.id.copy(otherId, 8); // the ring holds `other`, so the reader tries it: its tag fails
  await assert.rejects(open(otherId, [key, other]), /does not authenticate/);
  const nonce = Buffer.from(sealed);
  nonce[24] ^= 0x80;
  await assert.rejects(open(nonce), /does not authenticate/);
  const zeroChunk = Buffer.from(sealed);
  zeroChunk.writeUInt32BE(0, 32);
  await assert.rejects(open(zeroChunk), /header is corrupt/);
});

test('each blob gets its own random nonce prefix: the same plaintext seals differently', async () => {
  const plain = randomBytes(32);
  const [a, b] = [await seal(plain), await seal(plain)];
  assert.ok(!a.subarray(24, 32).equals(b.subarray(24, 32)), 'nonce prefixes differ');
  assert.ok(!a.subarray(36).equals(b.subarray(36)), 'ciphertexts differ');
  assert.deepEqual(await open(a), await open(b));
});

test('keys load from a file or an environment variable; every bad source is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-key-'));
  try {
    const file = join(dir, 'blob.key');
    writeFileSync(file, `${'ef'.repeat(32)}\n`);
    const fromFile = loadBlobEncryption({ keyFile: file });
    assert.equal(fromFile.current.key.toString('hex'), 'ef'.repeat(32));
    process.env.PARAPET_TEST_BLOB_KEY = Buffer.alloc(32, 5).toString('base64');
    const fromEnv = loadBlobEncryption({ keyEnv: 'PARAPET_TEST_BLOB_KEY', previousKeyFiles: [file] });
    assert.deepEqual(fromEnv.current.key, Buffer.alloc(32, 5));
    assert.deepEqual(
      fromEnv.ring.map((k) => k.id.toString('hex')),
      [fromEnv.current.id.toString('hex'), fromFile.current.id.toString('hex')],
    );
    assert.throws(
      () => loadBlobEncryption({ keyFile: join(dir, 'absent.key') }),
      /key file .*absent\.key: ENOENT/,
    );
    process.env.PARAPET_TEST_BLOB_KEY = 'not a key';
    assert.throws(
      () => loadBlobEncryption({ keyEnv: 'PARAPET_TEST_BLOB_KEY' }),
      /environment variable PARAPET_TEST_BLOB_KEY: expected a 256-bit key/,
    );
    delete process.env.PARAPET_TEST_BLOB_KEY;
    assert.throws(
      () => loadBlobEncryption({ keyEnv: 'PARAPET_TEST_BLOB_KEY' }),
      /PARAPET_TEST_BLOB_KEY is not set/,
    );
    const err = (() => {
      try {
        loadBlobEncryption({ keyEnv: 'PARAPET_TEST_BLOB_KEY' });
      } catch (e) {
        return String(e);
      }
      return '';
    })();
    assert.ok(!err.includes(Buffer.alloc(32, 5).toString('base64')), 'no key material in errors');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
