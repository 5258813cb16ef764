// Loading the shared tabular data sets (../shared/data/tabular, last column the label) and splitting
// them with a fixed seed, stratified by label, for victims and replays.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from '../lib/rng.ts';

export interface Dataset {
  readonly names: readonly string[];
  readonly X: readonly (readonly number[])[];
  readonly y: readonly number[];
  readonly classes: number;
}

/** Where the data sets live: $PARAPET_TABULAR_DIR, else /work/shared/data/tabular. */
export const TABULAR_DIR = process.env.PARAPET_TABULAR_DIR ?? '/work/shared/data/tabular';

/** Reads a numeric CSV (header row, label last). Non-numeric cells make it refuse. */
export function loadNumericCsv(name: string, dir = TABULAR_DIR): Dataset {
  if (!/^[a-z0-9_]{1,64}$/.test(name)) throw new Error(`bad data set name ${name}`);
  const lines = readFileSync(join(dir, `${name}.csv`), 'utf8')
    .trim()
    .split('\n');
  const head = lines[0]!.split(',');
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',').map(Number);
    if (cells.some((v) => !Number.isFinite(v))) throw new Error(`${name}.csv line ${i + 1}: not numeric`);
    y.push(cells.pop()!);
    X.push(cells);
  }
  return { names: head.slice(0, -1), X, y, classes: Math.max(...y) + 1 };
}

/** Splits row indices into parts of the given shares, stratified by label, shuffled with `seed`. */
export function stratifiedSplit(y: readonly number[], shares: readonly number[], seed: number): number[][] {
  const r = rng(seed);
  const parts: number[][] = shares.map(() => []);
  const byClass = new Map<number, number[]>();
  y.forEach((c, i) => byClass.set(c, [...(byClass.get(c) ?? []), i]));
  for (const idx of byClass.values()) {
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    let start = 0;
    shares.forEach((s, k) => {
      const end = k === shares.length - 1 ? idx.length : start + Math.round(s * idx.length);
      parts[k]!.push(...idx.slice(start, end));
      start = end;
    });
  }
  for (const p of parts)
    for (let i = p.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
  return parts;
}
