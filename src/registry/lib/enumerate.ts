// Lists the regular files of a model (a directory tree or one file) the way OMS §6.1 says: canonical
// relative names, defaults and ignore paths excluded, and anything that is not a regular file —
// symlinks above all — refused rather than followed, so a manifest can never reach outside the root.

import { lstat, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { compareCodePoints, isIgnored } from './paths.ts';

export interface ListedFile {
  /** Canonical relative POSIX name (the basename for a single-file model). */
  readonly name: string;
  /** Absolute path on this machine. */
  readonly abs: string;
  readonly size: number;
}

export interface RefusedPath {
  readonly path: string;
  readonly reason: 'symlink' | 'special_file' | 'not_utf8';
}

export interface Listing {
  /** True when the model is a single file rather than a directory. */
  readonly single: boolean;
  /** Regular files in code-point order of their names. */
  readonly files: readonly ListedFile[];
  readonly refused: readonly RefusedPath[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** At most this many entries are listed, so a hostile tree cannot exhaust memory. */
const MAX_ENTRIES = 1_000_000;

/**
 * Lists `root` (absolute). `ignores` holds canonical root-relative paths; a matched directory is
 * skipped with its whole subtree.
 */
export async function listModel(root: string, ignores: ReadonlySet<string>): Promise<Listing> {
  const st = await lstat(root);
  if (st.isSymbolicLink()) return { single: false, files: [], refused: [{ path: root, reason: 'symlink' }] };
  if (st.isFile())
    return { single: true, files: [{ name: basename(root), abs: root, size: st.size }], refused: [] };
  if (!st.isDirectory())
    return { single: false, files: [], refused: [{ path: root, reason: 'special_file' }] };

  const files: ListedFile[] = [];
  const refused: RefusedPath[] = [];
  const stack: string[] = [''];
  let seen = 0;
  while (stack.length > 0) {
    const rel = stack.pop()!;
    const dir = rel === '' ? root : join(root, rel);
    const entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    for (const ent of entries) {
      if (++seen > MAX_ENTRIES) throw new RangeError(`model has more than ${MAX_ENTRIES} entries`);
      let name: string;
      try {
        name = utf8.decode(ent.name);
      } catch {
        refused.push({
          path: rel === '' ? '<non-UTF-8 name>' : `${rel}/<non-UTF-8 name>`,
          reason: 'not_utf8',
        });
        continue;
      }
      const childRel = rel === '' ? name : `${rel}/${name}`;
      if (isIgnored(childRel, ignores)) continue;
      if (ent.isSymbolicLink()) refused.push({ path: childRel, reason: 'symlink' });
      else if (ent.isDirectory()) stack.push(childRel);
      else if (ent.isFile()) {
        const abs = join(root, childRel);
        const s = await lstat(abs);
        files.push({ name: childRel, abs, size: s.size });
      } else refused.push({ path: childRel, reason: 'special_file' });
    }
  }
  files.sort((a, b) => compareCodePoints(a.name, b.name));
  return { single: false, files, refused };
}
