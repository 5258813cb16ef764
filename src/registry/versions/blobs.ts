// The content-addressed blob directory: each file stored once under its SHA-256
// (`blobs/sha256/ab/abcd…`), written to a temporary name while being hashed and renamed into place
// only when the digest is the one the manifest recorded, so a blob's name always proves its content.
// With encryption configured the bytes on disk are sealed (crypto.ts); names stay plaintext digests.

import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BlobEncryption, BlobSealError, decryptChunks, encryptChunks, sealedKeyId } from './crypto.ts';

/**
 * Read size where bytes are also written (store, pull): 1 MiB keeps hashing at full speed, while
 * 4 MiB buffers made writing them 2-3x slower on the bench machine (bench/registry/encrypt.ts).
 */
const READ = 1024 * 1024;

/** A blob directory: its path, and the encryption its blobs are sealed with (if any). */
export type Blobs = string | { readonly dir: string; readonly encryption?: BlobEncryption };

export function blobsDir(b: Blobs): string {
  return typeof b === 'string' ? b : b.dir;
}

function encryptionOf(b: Blobs): BlobEncryption | undefined {
  return typeof b === 'string' ? undefined : b.encryption;
}

/**
 * The blob's plaintext bytes, decrypted when sealed and authenticated chunk by chunk. A plaintext
 * blob whose content happens to begin with the sealed format's magic fails to open before any byte
 * is released; it is then read as it is if its bytes hash to its name (only the plaintext can).
 */
export async function* readBlob(b: Blobs, digest: string): AsyncGenerator<Buffer> {
  const path = blobPath(blobsDir(b), digest);
  let released = false;
  try {
    for await (const c of decryptChunks(encryptionOf(b)?.ring ?? [])(
      createReadStream(path, { highWaterMark: READ }),
    )) {
      released = true;
      yield c;
    }
  } catch (err) {
    if (released || !(err instanceof BlobSealError) || !(await hashesTo(path, digest))) throw err;
    yield* createReadStream(path, { highWaterMark: READ });
  }
}

async function hashesTo(path: string, digest: string): Promise<boolean> {
  const h = createHash('sha256');
  try {
    for await (const c of createReadStream(path, { highWaterMark: READ })) h.update(c);
  } catch {
    return false;
  }
  return h.digest('hex') === digest;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Where the blob with SHA-256 `digest` lives under `dir`. */
export function blobPath(dir: string, digest: string): string {
  if (!HEX64.test(digest)) throw new RangeError('blob digest must be 64 lowercase hex digits');
  return join(dir, 'blobs', 'sha256', digest.slice(0, 2), digest);
}

export type PutResult = { ok: true; stored: boolean } | { ok: false; error: string };

/**
 * Stores the file `src` as the blob `digest`. A blob already present is kept (content addressing
 * makes it identical); a file whose bytes no longer hash to `digest` is refused.
 */
export async function putBlob(blobs: Blobs, src: string, digest: string): Promise<PutResult> {
  const dir = blobsDir(blobs);
  const enc = encryptionOf(blobs);
  const dest = blobPath(dir, digest);
  if (await exists(dest)) return { ok: true, stored: false };
  const tmpDir = join(dir, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  await mkdir(join(dir, 'blobs', 'sha256', digest.slice(0, 2)), { recursive: true });
  const tmp = join(tmpDir, `${digest.slice(0, 16)}.${randomBytes(6).toString('hex')}`);
  const h = createHash('sha256');
  try {
    // O_NOFOLLOW: a file swapped for a symlink after listing is refused, not followed.
    const fh = await open(src, constants.O_RDONLY | constants.O_NOFOLLOW);
    const hashing = async function* (chunks: AsyncIterable<Buffer>) {
      for await (const c of chunks) {
        h.update(c);
        yield c;
      }
    };
    const source = fh.createReadStream({ highWaterMark: READ });
    const sink = createWriteStream(tmp, { flags: 'wx', mode: 0o444 });
    if (enc) await pipeline(source, hashing, encryptChunks(enc.current), sink);
    else await pipeline(source, hashing, sink);
    const got = h.digest('hex');
    if (got !== digest) {
      await rm(tmp, { force: true });
      return { ok: false, error: `${src} changed while being stored (sha256 ${got}, manifest ${digest})` };
    }
    await chmod(tmp, 0o444);
    await renameDurably(tmp, dest);
    return { ok: true, stored: true };
  } catch (err) {
    await rm(tmp, { force: true });
    return { ok: false, error: `${src}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** True when the blob is present, opens with a configured key if sealed, and hashes to its name. */
export async function checkBlob(blobs: Blobs, digest: string): Promise<boolean> {
  const h = createHash('sha256');
  try {
    for await (const c of readBlob(blobs, digest)) h.update(c);
  } catch {
    return false;
  }
  return h.digest('hex') === digest;
}

export interface RekeyResult {
  /** Blobs re-sealed under the new key (or sealed for the first time). */
  readonly resealed: number;
  /** Blobs already sealed with the new key (a re-run after an interruption skips them). */
  readonly skipped: number;
  /** Blobs that could not be opened or no longer hash to their name: left untouched, named here. */
  readonly failed: readonly { readonly digest: string; readonly error: string }[];
}

/**
 * Re-seals every blob under `to.current`, reading with `to.ring` (which must hold the old keys).
 * Each blob is written to a temporary file, its plaintext digest checked, then renamed over the old
 * one, so an interruption leaves every blob readable; running it again finishes the job.
 */
export async function rekeyBlobs(dir: string, to: BlobEncryption): Promise<RekeyResult> {
  const root = join(dir, 'blobs', 'sha256');
  const tmpDir = join(dir, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  // A run that was killed leaves its half-written file here (never a half-written blob): clear them.
  for (const f of await readdir(tmpDir))
    if (f.includes('.rekey.')) await rm(join(tmpDir, f), { force: true });
  let resealed = 0;
  let skipped = 0;
  const failed: { digest: string; error: string }[] = [];
  const prefixes = await readdir(root).catch(() => [] as string[]);
  for (const p of prefixes.sort()) {
    for (const digest of (await readdir(join(root, p))).sort()) {
      if (!HEX64.test(digest)) continue;
      const path = blobPath(dir, digest);
      const fh = await open(path, 'r');
      const first = Buffer.alloc(64);
      const { bytesRead } = await fh.read(first, 0, 64, 0);
      await fh.close();
      const id = sealedKeyId(first.subarray(0, bytesRead));
      if (id?.equals(to.current.id)) {
        skipped++;
        continue;
      }
      const tmp = join(tmpDir, `${digest.slice(0, 16)}.rekey.${randomBytes(6).toString('hex')}`);
      const h = createHash('sha256');
      try {
        const hashed = async function* () {
          for await (const c of readBlob({ dir, encryption: to }, digest)) {
            h.update(c);
            yield c;
          }
        };
        await pipeline(
          Readable.from(encryptChunks(to.current)(hashed())),
          createWriteStream(tmp, { flags: 'wx', mode: 0o444 }),
        );
        if (h.digest('hex') !== digest) throw new Error('the stored bytes no longer hash to the blob name');
        await renameDurably(tmp, path);
        resealed++;
      } catch (err) {
        await rm(tmp, { force: true });
        failed.push({ digest, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return { resealed, skipped, failed };
}

/**
 * Flushes `tmp` to disk, renames it over `dest` and flushes the directory entry: after a crash either
 * the old file or the whole new one is there, never a torn or empty one.
 */
export async function renameDurably(tmp: string, dest: string): Promise<void> {
  const fh = await open(tmp, 'r');
  try {
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await rename(tmp, dest);
  const d = await open(dirname(dest), 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
