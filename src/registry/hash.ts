// hashTree: enumerate a model per OMS §6.1 and hash every file (or every shard of every file) in
// parallel worker threads. The result is what buildManifest signs and what verifyPath compares.

import { realpath } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { listModel, type RefusedPath } from './lib/enumerate.ts';
import type { HashType } from './lib/hash-range.ts';
import { compareCodePoints, DEFAULT_IGNORES, normaliseIgnore } from './lib/paths.ts';
import { hashTasks, type SizedTask } from './lib/pool.ts';
import { progressBar } from './lib/progress.ts';
import type { Resource, Serialization } from './schema.ts';

/** OMS §6.3.2 default shard size: 1,000,000,000 bytes. */
export const DEFAULT_SHARD_SIZE = 1_000_000_000;

export interface HashTreeOptions {
  /** `files` (one digest per file, the default) or `shards` (one per byte range). */
  readonly method?: 'files' | 'shards';
  /** Bytes per shard for `shards`; default 1,000,000,000. */
  readonly shardSize?: number;
  readonly hashType?: HashType;
  /** Extra paths to leave out: root-relative POSIX paths, or absolute paths inside the root. */
  readonly ignorePaths?: readonly string[];
  /**
   * Threads that hash, the calling thread among them (default: available parallelism, at most 8;
   * 0 or 1: the calling thread alone).
   */
  readonly workers?: number;
  /** Draw a progress bar on stderr when it is a terminal. */
  readonly progress?: boolean;
  /**
   * Refuse (RangeError) when the model would produce more resources than this — a hostile bundle's
   * tiny shard_size must not exhaust memory. Default 1,000,000.
   */
  readonly maxResources?: number;
}

export interface HashedTree {
  /** Absolute path of the model, symlinks in the path itself resolved. */
  readonly root: string;
  /** Basename of the model path (the in-toto subject name). */
  readonly name: string;
  readonly single: boolean;
  readonly serialization: Serialization;
  /** Sorted by name in code-point order, ready for the predicate. */
  readonly resources: Resource[];
  readonly files: readonly { readonly name: string; readonly size: number }[];
  readonly bytes: number;
  /** Symlinks, special files and non-UTF-8 names: never hashed, never followed. */
  readonly refused: readonly RefusedPath[];
  /** Files that vanished or changed size while being read. */
  readonly unreadable: readonly { readonly name: string; readonly error: string }[];
}

/**
 * Hashes the model at `path` (a directory or a single file).
 *
 * @example
 * const tree = await hashTree('./models/fraud-v3', { method: 'shards' });
 * if (tree.refused.length) throw new Error('symlinks in model');
 */
export async function hashTree(path: string, opts: HashTreeOptions = {}): Promise<HashedTree> {
  // The root itself may be a symlink the operator chose (`/models/current`); links inside are refused.
  const given = resolve(path);
  const root = await realpath(given).catch(() => given);
  const method = opts.method ?? 'files';
  const hashType = opts.hashType ?? 'sha256';
  const shardSize = opts.shardSize ?? DEFAULT_SHARD_SIZE;
  if (!Number.isSafeInteger(shardSize) || shardSize <= 0)
    throw new RangeError('shardSize must be a positive integer');

  const ignores = new Set(DEFAULT_IGNORES);
  for (const entry of opts.ignorePaths ?? []) {
    const rel = isAbsolute(entry) ? (toRootRelative(given, entry) ?? toRootRelative(root, entry)) : entry;
    if (rel === undefined) continue; // outside the model: nothing to leave out
    const n = normaliseIgnore(rel);
    if (!n.ok) throw new RangeError(n.error);
    ignores.add(n.path);
  }
  const listed = await listModel(root, ignores);
  // A single-file model is named by the path the operator gave, even when that path is a link.
  const listing = listed.single
    ? { ...listed, files: listed.files.map((f) => ({ ...f, name: basename(given) })) }
    : listed;

  const maxResources = opts.maxResources ?? 1_000_000;
  const count = listing.files.reduce(
    (n, f) => n + (method === 'files' ? 1 : Math.ceil(f.size / shardSize)),
    0,
  );
  if (count > maxResources)
    throw new RangeError(
      `the model would produce ${count} resources (limit ${maxResources}); shard size too small?`,
    );
  const tasks: (SizedTask & { name: string })[] = [];
  for (const f of listing.files) {
    if (method === 'files') tasks.push({ name: f.name, abs: f.abs, start: 0, end: f.size, size: f.size });
    else
      for (let s = 0; s < f.size; s += shardSize) {
        const e = Math.min(f.size, s + shardSize);
        tasks.push({ name: `${f.name}:${s}:${e}`, abs: f.abs, start: s, end: e, size: e - s });
      }
  }
  const bytes = listing.files.reduce((n, f) => n + f.size, 0);
  const bar = progressBar(bytes, `hashing ${basename(given)}`, opts.progress ?? false);
  const results = await hashTasks(tasks, hashType, { workers: opts.workers, onBytes: (n) => bar.add(n) });
  bar.done();

  const resources: Resource[] = [];
  const unreadable: { name: string; error: string }[] = [];
  results.forEach((r, i) => {
    const t = tasks[i]!;
    if ('digest' in r) resources.push({ name: t.name, digest: r.digest, algorithm: hashType });
    else unreadable.push({ name: t.name, error: r.error });
  });
  // tasks were built from files in code-point order; shard suffixes keep that order only per file,
  // so sort the names as a whole, as the spec's root digest requires.
  if (method === 'shards') resources.sort((a, b) => (a.name === b.name ? 0 : cmp(a.name, b.name)));

  const serialization: Serialization = {
    method,
    hash_type: hashType,
    ...(method === 'shards' ? { shard_size: shardSize } : {}),
    allow_symlinks: false,
    ignore_paths: [...ignores].sort(cmp),
  };
  return {
    root,
    name: basename(given),
    single: listing.single,
    serialization,
    resources,
    files: listing.files.map((f) => ({ name: f.name, size: f.size })),
    bytes,
    refused: listing.refused,
    unreadable,
  };
}

const cmp = compareCodePoints;

/** `root`-relative POSIX form of an absolute path, or undefined when it lies outside the root. */
export function toRootRelative(root: string, abs: string): string | undefined {
  const rel = relative(root, resolve(abs));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}
