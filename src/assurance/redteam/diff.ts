// Regressions between two runs: probe × strategy cells whose attack success rate rose (or that newly
// succeed), cells that appeared or vanished, and the change in totals.

import type { Cell, RunResult } from './result.ts';

export interface CellChange {
  readonly probe: string;
  readonly strategy: string;
  readonly before: number | null;
  readonly after: number | null;
  /** The new rate's interval lies wholly above the old one. */
  readonly significant: boolean;
}

export interface RunDiff {
  readonly regressions: CellChange[];
  readonly improvements: CellChange[];
  readonly added: string[];
  readonly removed: string[];
  readonly totals: { before: number | null; after: number | null };
}

const key = (c: Cell): string => `${c.probe} × ${c.strategy}`;

/** Compares two results cell by cell. */
export function diffRuns(old: RunResult, now: RunResult): RunDiff {
  const before = new Map(old.cells.map((c) => [key(c), c]));
  const after = new Map(now.cells.map((c) => [key(c), c]));
  const regressions: CellChange[] = [];
  const improvements: CellChange[] = [];
  for (const [k, n] of after) {
    const o = before.get(k);
    if (!o || o.asr === null || n.asr === null || o.asr === n.asr) continue;
    const change = {
      probe: n.probe,
      strategy: n.strategy,
      before: o.asr,
      after: n.asr,
      significant: n.asr > o.asr ? (n.ci?.[0] ?? 0) > (o.ci?.[1] ?? 1) : (o.ci?.[0] ?? 0) > (n.ci?.[1] ?? 1),
    };
    (n.asr > o.asr ? regressions : improvements).push(change);
  }
  return {
    regressions,
    improvements,
    added: [...after.keys()].filter((k) => !before.has(k)),
    removed: [...before.keys()].filter((k) => !after.has(k)),
    totals: { before: old.totals.asr, after: now.totals.asr },
  };
}
