// pullVersion: materialise a stored version into a new directory from its blobs, checking every
// blob's SHA-256 on the way out (decrypting sealed blobs chunk by chunk), so what is served is
// exactly what was pushed, and a pull that fails part-way leaves no partial directory behind.

import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Store } from '../../store/index.ts';
import { pathProblem } from '../lib/paths.ts';
import { type Blobs, readBlob } from './blobs.ts';
import { type ResolvedVersion, resolveVersion } from './history.ts';
import type { Ref } from './names.ts';

export type PullResult = { ok: true; version: ResolvedVersion; files: number } | { ok: false; error: string };

/**
 * Writes the version `ref` names into `outDir`, which must not exist or be empty. Files are written
 * into a hidden staging directory in it and moved into place only when every blob opened,
 * authenticated and hashed to its manifest digest: a failed pull leaves nothing that could be served.
 */
export async function pullVersion(
  store: Store,
  blobDir: Blobs,
  ref: Ref,
  outDir: string,
): Promise<PullResult> {
  const v = await resolveVersion(store, ref);
  if (!v) return { ok: false, error: `no such version: ${ref.name}@${ref.version ?? ref.alias ?? 'latest'}` };
  const existing = await readdir(outDir).catch(() => []);
  if (existing.length > 0) return { ok: false, error: `${outDir} is not empty` };
  const resources = v.statement.predicate.resources;
  for (const r of resources) {
    const why = pathProblem(r.name);
    if (why) return { ok: false, error: `stored manifest names "${r.name}": ${why}` };
  }
  // Staged inside outDir, not beside it, so a mount point (a container's volume) works: same filesystem.
  await mkdir(outDir, { recursive: true });
  const stage = join(outDir, `.parapet-pulling-${randomBytes(6).toString('hex')}`);
  await mkdir(stage);
  const fail = async (error: string): Promise<PullResult> => {
    await rm(stage, { recursive: true, force: true });
    return { ok: false, error };
  };
  for (const r of resources) {
    const dest = join(stage, r.name);
    await mkdir(dirname(dest), { recursive: true });
    const h = createHash('sha256');
    try {
      await pipeline(
        readBlob(blobDir, r.digest),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const c of chunks) {
            h.update(c);
            yield c;
          }
        },
        createWriteStream(dest, { flags: 'wx' }),
      );
    } catch (err) {
      return fail(`${r.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (h.digest('hex') !== r.digest) return fail(`blob of ${r.name} is corrupt (digest differs)`);
  }
  try {
    for (const entry of await readdir(stage)) await rename(join(stage, entry), join(outDir, entry));
    await rmdir(stage);
  } catch (err) {
    return fail(`${outDir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { ok: true, version: v, files: resources.length };
}
