// Helpers shared by the registry's tests: temporary model directories and fixture paths.

import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/**
 * Public conformance data (the OMS spec's test vectors and sigstore/model-transparency's signed models)
 * is not shipped in this repository: it is read from PARAPET_CONFORMANCE_DIR, else from the shared data
 * folder beside the checkout (`../shared/data/oms-conformance`, layout `oms-spec/v1.0/…`,
 * `model-transparency/…`).
 */
export const CONFORMANCE =
  process.env.PARAPET_CONFORMANCE_DIR ??
  fileURLToPath(new URL('../../../../shared/data/oms-conformance/', import.meta.url));

/** A fresh temporary directory; call `cleanup` in `after`. */
export async function tempDir(
  prefix = 'parapet-registry-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → content) under `root`, creating directories. */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
}

/** Copies a fixture model directory to `dest`, leaving out the names in `skip`. */
export async function copyFixture(
  rel: string,
  dest: string,
  skip: readonly string[] = [],
  base: string = FIXTURES,
): Promise<void> {
  await cp(join(base, rel), dest, {
    recursive: true,
    filter: (src) => !skip.some((s) => src.endsWith(`/${s}`)),
  });
}
