// The content-addressed blob directory: each file stored once under its SHA-256
// (`blobs/sha256/ab/abcd…`), written to a temporary name while being hashed and renamed into place
// only when the digest is the one the manifest recorded, so a blob's name always proves its content.

import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

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
export async function putBlob(dir: string, src: string, digest: string): Promise<PutResult> {
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
    await pipeline(
      fh.createReadStream({ highWaterMark: 4 * 1024 * 1024 }),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const c of chunks) {
          h.update(c);
          yield c;
        }
      },
      createWriteStream(tmp, { flags: 'wx', mode: 0o444 }),
    );
    const got = h.digest('hex');
    if (got !== digest) {
      await rm(tmp, { force: true });
      return { ok: false, error: `${src} changed while being stored (sha256 ${got}, manifest ${digest})` };
    }
    await chmod(tmp, 0o444);
    await rename(tmp, dest);
    return { ok: true, stored: true };
  } catch (err) {
    await rm(tmp, { force: true });
    return { ok: false, error: `${src}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** True when the blob is present and its bytes still hash to its name. */
export async function checkBlob(dir: string, digest: string): Promise<boolean> {
  const h = createHash('sha256');
  try {
    for await (const c of createReadStream(blobPath(dir, digest), { highWaterMark: 4 * 1024 * 1024 }))
      h.update(c);
  } catch {
    return false;
  }
  return h.digest('hex') === digest;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
