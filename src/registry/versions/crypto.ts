// Encryption at rest for registry blobs: AES-256-GCM over 1 MiB chunks, streamed, so a model of many
// GB is never held in memory. A blob stays named by the SHA-256 of its plaintext (content addressing
// and every manifest are unchanged); only its bytes on disk are sealed.
//
//   header  "PRPTBLB1" | key id (16) | nonce prefix (8, random per blob) | chunk size (u32 BE)
//   chunk i ciphertext (chunk size, the last one shorter) | GCM tag (16)
//   nonce   nonce prefix | i (u32 BE);   AAD  header | i (u32 BE) | 1 if last chunk else 0
//
// Each chunk is authenticated before a byte of it is released; the index in the nonce and AAD refuses
// reordered chunks, the last-chunk flag refuses a blob cut at a chunk boundary, and the header in the
// AAD refuses a swapped key id or chunk size. The key id (a hash of the key) lets a key ring hold the
// previous keys during `registry rekey`.

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const MAGIC = Buffer.from('PRPTBLB1');
const HEADER = MAGIC.length + 16 + 8 + 4;
const TAG = 16;
export const CHUNK = 1024 * 1024;
/**
 * Cipher calls take 64 KiB at a time: each output buffer then comes from the heap, whereas a 1 MiB one
 * is a fresh mapping whose page faults halve AES-GCM throughput (measured: bench/registry/encrypt.ts).
 */
const SLICE = 64 * 1024;

export interface BlobKey {
  /** First 16 bytes of SHA-256("parapet-blob-key" ‖ key): names the key without revealing it. */
  readonly id: Buffer;
  readonly key: Buffer;
}

/** The key blobs are written with, and every key they may be read with (current first). */
export interface BlobEncryption {
  readonly current: BlobKey;
  readonly ring: readonly BlobKey[];
}

/** A 32-byte key from raw bytes, 64 hex digits, or base64 text. Throws naming `where` on anything else. */
export function parseBlobKey(material: Buffer, where: string): BlobKey {
  let key: Buffer | undefined;
  if (material.length === 32) key = material;
  else {
    const text = material.toString('utf8').trim();
    if (/^[0-9a-fA-F]{64}$/.test(text)) key = Buffer.from(text, 'hex');
    else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text))
      key = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  }
  if (!key || key.length !== 32)
    throw new Error(
      `${where}: expected a 256-bit key (32 raw bytes, 64 hex digits or base64); generate one with: openssl rand -hex 32`,
    );
  return { key, id: createHash('sha256').update('parapet-blob-key').update(key).digest().subarray(0, 16) };
}

/** Loads the configured key (file or environment variable) and the previous ones for reading. */
export function loadBlobEncryption(spec: {
  readonly keyFile?: string;
  readonly keyEnv?: string;
  readonly previousKeyFiles?: readonly string[];
}): BlobEncryption {
  const fromFile = (file: string) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      throw new Error(`registry.encryption key file ${file}: ${(err as Error).message}`, { cause: err });
    }
    return parseBlobKey(bytes, `registry.encryption key file ${file}`);
  };
  let current: BlobKey;
  if (spec.keyFile) current = fromFile(spec.keyFile);
  else if (spec.keyEnv) {
    const v = process.env[spec.keyEnv];
    if (!v) throw new Error(`registry.encryption.keyEnv: environment variable ${spec.keyEnv} is not set`);
    current = parseBlobKey(Buffer.from(v), `environment variable ${spec.keyEnv}`);
  } else throw new Error('registry.encryption needs keyFile or keyEnv');
  return { current, ring: [current, ...(spec.previousKeyFiles ?? []).map(fromFile)] };
}

function header(k: BlobKey, prefix: Buffer, chunk: number): Buffer {
  const h = Buffer.alloc(HEADER);
  MAGIC.copy(h, 0);
  k.id.copy(h, 8);
  prefix.copy(h, 24);
  h.writeUInt32BE(chunk, 32);
  return h;
}

function ivAad(head: Buffer, index: number, last: boolean): { iv: Buffer; aad: Buffer } {
  const iv = Buffer.alloc(12);
  head.copy(iv, 0, 24, 32);
  iv.writeUInt32BE(index, 8);
  const aad = Buffer.alloc(HEADER + 5);
  head.copy(aad, 0);
  aad.writeUInt32BE(index, HEADER);
  aad[HEADER + 4] = last ? 1 : 0;
  return { iv, aad };
}

/** Re-chunks any stream of buffers into pieces of exactly `size` bytes (the last one shorter). */
async function* rechunk(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const c of source) {
    let buf = c;
    while (length + buf.length >= size) {
      const take = size - length;
      pending.push(buf.subarray(0, take));
      yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      pending = [];
      length = 0;
      buf = buf.subarray(take);
    }
    if (buf.length > 0) {
      pending.push(buf);
      length += buf.length;
    }
  }
  yield Buffer.concat(pending, length); // possibly empty: an empty blob is one empty last chunk
}

/** Encrypts a plaintext stream into the sealed format (for `stream.pipeline`). */
export function encryptChunks(k: BlobKey, chunk = CHUNK) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const head = header(k, randomBytes(8), chunk);
    yield head;
    let index = 0;
    let held: Buffer | undefined;
    // Ciphertext and tag are yielded as they come, not concatenated: no copy of the chunk.
    function* seal(plain: Buffer, last: boolean) {
      const { iv, aad } = ivAad(head, index++, last);
      const c = createCipheriv('aes-256-gcm', k.key, iv);
      c.setAAD(aad);
      for (let o = 0; o < plain.length; o += SLICE) yield c.update(plain.subarray(o, o + SLICE));
      c.final();
      yield c.getAuthTag();
    }
    // One chunk is held back so the last one is known when it is sealed.
    for await (const piece of rechunk(source, chunk)) {
      if (held !== undefined) yield* seal(held, false);
      held = piece;
    }
    yield* seal(held ?? Buffer.alloc(0), true);
  };
}

/** Thrown for anything that is not an intact blob sealed with a key of the ring. */
export class BlobSealError extends Error {}

/**
 * Decrypts a sealed stream, releasing each chunk only once its tag verifies. A stream that does not
 * start with the magic is passed through unchanged when `plaintextOk` (a blob stored before
 * encryption was configured; its digest is still checked by the caller).
 */
export function decryptChunks(ring: readonly BlobKey[], plaintextOk = true) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    // Bytes read but not yet used, kept as the buffers they came in: a record is copied out only when
    // it spans two reads, so large reads cost one pass of AES and no extra copies.
    const pending: Buffer[] = [];
    let length = 0;
    const take = (n: number): Buffer => {
      length -= n;
      const first = pending[0]!;
      if (first.length >= n) {
        if (first.length === n) pending.shift();
        else pending[0] = first.subarray(n);
        return first.subarray(0, n);
      }
      const out = Buffer.allocUnsafe(n);
      for (let off = 0; off < n;) {
        const f = pending[0]!;
        const k = Math.min(f.length, n - off);
        f.copy(out, off, 0, k);
        off += k;
        if (k === f.length) pending.shift();
        else pending[0] = f.subarray(k);
      }
      return out;
    };
    const peek = (n: number): Buffer =>
      pending[0]!.length >= n ? pending[0]!.subarray(0, n) : Buffer.concat(pending, length).subarray(0, n);
    let head: Buffer | undefined;
    let key: BlobKey | undefined;
    let chunk = 0;
    let index = 0;
    let passthrough = false;
    const open = (record: Buffer, last: boolean) => {
      if (record.length < TAG) throw new BlobSealError('sealed blob is truncated');
      const { iv, aad } = ivAad(head!, index++, last);
      const d = createDecipheriv('aes-256-gcm', key!.key, iv);
      d.setAAD(aad);
      d.setAuthTag(record.subarray(record.length - TAG));
      const parts: Buffer[] = [];
      for (let o = 0; o < record.length - TAG; o += SLICE)
        parts.push(d.update(record.subarray(o, Math.min(o + SLICE, record.length - TAG))));
      try {
        d.final(); // verifies the tag: nothing of this chunk is released before it passes
      } catch {
        throw new BlobSealError(
          `sealed blob chunk ${index - 1} does not authenticate (modified, reordered or cut)`,
        );
      }
      return parts;
    };
    for await (const c of source) {
      if (passthrough) {
        yield c;
        continue;
      }
      if (c.length === 0) continue;
      pending.push(c);
      length += c.length;
      if (!head) {
        if (length < MAGIC.length) continue;
        if (!peek(MAGIC.length).equals(MAGIC)) {
          if (!plaintextOk) throw new BlobSealError('blob is not sealed');
          passthrough = true;
          yield* pending.splice(0);
          continue;
        }
        if (length < HEADER) continue;
        head = Buffer.from(take(HEADER));
        const id = head.subarray(8, 24);
        key = ring.find((k) => k.id.equals(id));
        if (!key)
          throw new BlobSealError(
            ring.length
              ? `blob is sealed with key ${id.toString('hex')}, which is not configured`
              : 'blob is encrypted and no registry.encryption key is configured',
          );
        chunk = head.readUInt32BE(32);
        if (chunk < 1 || chunk > 64 * 1024 * 1024) throw new BlobSealError('sealed blob header is corrupt');
      }
      // Keep at least one whole record back: only the record that ends the stream is the last.
      while (length > chunk + TAG) yield* open(take(chunk + TAG), false);
    }
    if (passthrough) return;
    if (!head) {
      const rest = length ? Buffer.concat(pending, length) : Buffer.alloc(0);
      const n = Math.min(rest.length, MAGIC.length);
      if (rest.length > 0 && !rest.subarray(0, n).equals(MAGIC.subarray(0, n))) {
        if (!plaintextOk) throw new BlobSealError('blob is not sealed');
        yield rest;
        return;
      }
      if (rest.length === 0 && plaintextOk) return;
      throw new BlobSealError('sealed blob is truncated in its header');
    }
    yield* open(length ? take(length) : Buffer.alloc(0), true);
  };
}

/** The key id a blob file starts with, or undefined for a plaintext blob. */
export function sealedKeyId(first: Buffer): Buffer | undefined {
  return first.length >= HEADER && first.subarray(0, MAGIC.length).equals(MAGIC)
    ? first.subarray(8, 24)
    : undefined;
}
