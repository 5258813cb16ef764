// Shared pieces of the out-of-source set builder: the row and source types, reading a pinned commit
// of a git directory, seeded ordering and text clean-up.

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';

export type Label = 'injection' | 'benign';

export interface Row {
  readonly text: string;
  readonly label: Label;
  /** `<owner>/<repo>:<path>`, as in dev.jsonl. */
  readonly source: string;
  readonly kind: string;
}

/** One candidate before dedupe and capping: the path it came from, so `source` can name it. */
export interface Candidate {
  readonly text: string;
  readonly label: Label;
  readonly kind: string;
  readonly path: string;
}

/** A pinned commit of one repository, read through `git show` / `git ls-tree`. */
export interface Repo {
  readonly name: string;
  readonly commit: string;
  show(path: string): string;
  showBytes(path: string): Buffer;
  /** Paths of every file under `dir` (the whole tree when omitted). */
  ls(dir?: string): string[];
}

/** One part of a source: its extractor, and a cap applied after dedupe (seeded order). */
export interface SourcePart {
  readonly repo: string;
  readonly commit: string;
  readonly license: string;
  /** Short name for the part, e.g. "hijacking"; shown in SOURCES.md. */
  readonly part: string;
  readonly cap?: number;
  extract(repo: Repo): Candidate[];
}

export const MAX_CHARS = 4000;

const GIT_BUFFER = 512 << 20;

export function openRepo(name: string, gitDir: string, commit: string): Repo {
  const git = (args: string[]) =>
    execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: GIT_BUFFER });
  const full = git(['rev-parse', '--verify', `${commit}^{commit}`])
    .toString()
    .trim();
  return {
    name,
    commit: full,
    show: (path) => git(['show', `${full}:${path}`]).toString('utf8'),
    showBytes: (path) => git(['show', `${full}:${path}`]),
    ls: (dir) =>
      git(['ls-tree', '-r', '-z', '--name-only', full, ...(dir ? ['--', dir] : [])])
        .toString('utf8')
        .split('\0')
        .filter((p) => p !== ''),
  };
}

/** Lower-cased, whitespace collapsed: the key exact duplicates are found by. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Trimmed, line ends unified, NULs dropped. */
export function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\0/g, '').trim();
}

/** Order key for seeded sampling: independent of the order candidates were read in. */
export function seededKey(seed: number, scope: string, text: string): string {
  return createHash('sha256').update(`${seed}\0${scope}\0${text}`).digest('hex');
}

/** The project's seeded PRNG (mulberry32), for choices inside an extractor. */
export { rng } from '../../../src/lib/random.ts';

export function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

export function parseJsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
}
