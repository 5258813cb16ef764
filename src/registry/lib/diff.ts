// Compares the signed resources with the ones recomputed from disk and names every difference per
// file: modified, added, removed, or renamed (a removed and an added file with identical content).
// Shard resources are folded back into their files first, so a changed shard reports its file.

import { createHash } from 'node:crypto';
import type { Resource } from '../schema.ts';
import { compareCodePoints, parseShardName } from './paths.ts';

export type FileDifference =
  | {
      readonly kind: 'modified';
      readonly path: string;
      readonly expected: string;
      readonly actual: string;
      readonly ranges?: readonly string[];
    }
  | { readonly kind: 'added'; readonly path: string }
  | { readonly kind: 'removed'; readonly path: string }
  | { readonly kind: 'renamed'; readonly from: string; readonly to: string };

interface FileView {
  /** Whole-file digest (`files`) or a digest over the file's `start:end:digest` shard lines. */
  readonly print: string;
  /** Shard name → digest, for naming the ranges that differ. */
  readonly shards?: ReadonlyMap<string, string>;
}

/** Folds resources into per-file views. Shard names must already have been validated. */
export function filesOf(resources: readonly Resource[], method: 'files' | 'shards'): Map<string, FileView> {
  const out = new Map<string, FileView>();
  if (method === 'files') {
    for (const r of resources) out.set(r.name, { print: r.digest });
    return out;
  }
  const groups = new Map<string, Resource[]>();
  for (const r of resources) {
    const s = parseShardName(r.name)!;
    const g = groups.get(s.path);
    if (g) g.push(r);
    else groups.set(s.path, [r]);
  }
  for (const [path, list] of groups) {
    list.sort((a, b) => parseShardName(a.name)!.start - parseShardName(b.name)!.start);
    const h = createHash('sha256');
    for (const r of list) h.update(`${r.name.slice(path.length + 1)}:${r.digest}\n`);
    out.set(path, { print: h.digest('hex'), shards: new Map(list.map((r) => [r.name, r.digest])) });
  }
  return out;
}

/** Every difference between the signed and the actual files, sorted by path. */
export function diffFiles(expected: Map<string, FileView>, actual: Map<string, FileView>): FileDifference[] {
  const out: FileDifference[] = [];
  const removed: string[] = [];
  const added: string[] = [];
  for (const [path, e] of expected) {
    const a = actual.get(path);
    if (!a) removed.push(path);
    else if (a.print !== e.print) {
      const ranges = e.shards && a.shards ? differingRanges(e.shards, a.shards) : undefined;
      out.push({ kind: 'modified', path, expected: e.print, actual: a.print, ...(ranges ? { ranges } : {}) });
    }
  }
  for (const path of actual.keys()) if (!expected.has(path)) added.push(path);

  const addedByPrint = new Map<string, string[]>();
  for (const p of added) {
    const k = actual.get(p)!.print;
    const list = addedByPrint.get(k);
    if (list) list.push(p);
    else addedByPrint.set(k, [p]);
  }
  const renamedTo = new Set<string>();
  for (const from of removed) {
    const candidates = addedByPrint.get(expected.get(from)!.print);
    const to = candidates?.shift();
    if (to !== undefined) {
      renamedTo.add(to);
      out.push({ kind: 'renamed', from, to });
    } else out.push({ kind: 'removed', path: from });
  }
  for (const p of added) if (!renamedTo.has(p)) out.push({ kind: 'added', path: p });
  return out.sort((x, y) => compareCodePoints(keyOf(x), keyOf(y)));
}

function keyOf(d: FileDifference): string {
  return d.kind === 'renamed' ? d.from : d.path;
}

function differingRanges(e: ReadonlyMap<string, string>, a: ReadonlyMap<string, string>): string[] {
  const names = new Set([...e.keys(), ...a.keys()]);
  return [...names].filter((n) => e.get(n) !== a.get(n)).sort(compareCodePoints);
}
