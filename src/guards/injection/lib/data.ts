// Labelled injection data (`{"text","label","source"?,"kind"?}` JSON lines) read and validated once,
// and the seeded group-wise split that keeps whole sources out of training.

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { rng } from '../../../lib/random.ts';

const lineSchema = z.object({
  text: z.string(),
  label: z.enum(['injection', 'benign']),
  source: z.string().optional(),
  kind: z.string().optional(),
  /** Where the injected instruction sits in `text`, when it is known (spliced or generated documents). */
  payload: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }).optional(),
});

export type Row = z.infer<typeof lineSchema>;

/** Reads a JSONL file; errors name the line. Throws on a malformed file (callers turn it into a CLI error). */
export function readRows(path: string): Row[] {
  const rows: Row[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw new Error(`${path}:${i + 1}: not JSON`);
      }
      const r = lineSchema.safeParse(v);
      if (!r.success)
        throw new Error(
          `${path}:${i + 1}: ${r.error.issues[0]?.path.join('.') || 'line'}: ${r.error.issues[0]?.message}`,
        );
      rows.push(r.data);
    });
  return rows;
}

/** A small seeded PRNG (mulberry32), so splits and training are reproducible. */
export { rng };

export function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** The group a row belongs to: its source and kind (one file can hold several kinds). */
export function groupOf(r: Row): string {
  return `${r.source ?? 'unknown'}#${r.kind ?? r.label}`;
}

/**
 * Seeded group-wise split: per kind, whole groups go to the test side until about `testFraction` of
 * that kind's lines are there. A kind with a single group cannot be split by group; its lines are split
 * by a seeded draw instead (reported as such). Returns the test groups and the single-group kinds.
 */
export function splitGroups(
  rows: readonly Row[],
  seed: number,
  testFraction: number,
): { isTest: (r: Row, index: number) => boolean; testGroups: string[]; lineSplitKinds: string[] } {
  const rand = rng(seed);
  const byKind = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const k = r.kind ?? r.label;
    const m = byKind.get(k) ?? new Map<string, number>();
    m.set(groupOf(r), (m.get(groupOf(r)) ?? 0) + 1);
    byKind.set(k, m);
  }
  const testGroups = new Set<string>();
  const lineSplitKinds: string[] = [];
  for (const [kind, groups] of [...byKind].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const entries = shuffle(
      [...groups].sort(([a], [b]) => (a < b ? -1 : 1)),
      rand,
    );
    if (entries.length === 1) {
      lineSplitKinds.push(kind);
      continue;
    }
    const total = entries.reduce((a, [, n]) => a + n, 0);
    const target = testFraction * total;
    let taken = 0;
    for (const [g, n] of entries) {
      if (taken >= target) break;
      if (taken + n <= target * 1.35 && taken + n < total) {
        testGroups.add(g);
        taken += n;
      }
    }
    if (taken === 0) {
      const smallest = [...entries].sort((a, b) => a[1] - b[1])[0]!;
      testGroups.add(smallest[0]);
    }
  }
  const lineRand = rng(seed ^ 0x5eed);
  const draws = rows.map(() => lineRand());
  const lineKinds = new Set(lineSplitKinds);
  return {
    isTest: (r, i) =>
      lineKinds.has(r.kind ?? r.label) ? draws[i]! < testFraction : testGroups.has(groupOf(r)),
    testGroups: [...testGroups].sort(),
    lineSplitKinds,
  };
}

/**
 * Cluster ids that join rows sharing their first or last 48 characters: one document with different
 * instructions spliced in (at its start, middle or end) lands in one cluster, so cross-validation folds
 * never score a document with a model trained on its near-copies.
 */
export function nearDuplicateClusters(rows: readonly Row[]): number[] {
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    if (r.text.length < 96) return;
    for (const key of [`^${r.text.slice(0, 48)}`, `$${r.text.slice(-48)}`]) {
      const j = seen.get(key);
      if (j === undefined) seen.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  return rows.map((_, i) => find(i));
}
