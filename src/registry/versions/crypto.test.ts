import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { BlobSealError, decryptChunks, encryptChunks, MAGIC, parseBlobKey } from './crypto.ts';

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
