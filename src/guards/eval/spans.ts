// Span-level evaluation of any guard on labelled JSONL (`{"text","spans":[{start,end,type}]}`): the
// guard runs through the real runner (derived segments included, findings mapped to the original
// text) with `flag`, and its findings are matched one-to-one to the gold spans by exact span and by
// overlap, per finding type. Called by `parapet guard eval --guard secrets|unicode --data FILE`.

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { createGuardSet } from '../set.ts';

/** One labelled record: a text and the exact spans (with types) a detector should find in it. */
export const spanLineSchema = z.object({
  text: z.string(),
  spans: z.array(
    z.object({ start: z.number().int().min(0), end: z.number().int().min(0), type: z.string() }).strict(),
  ),
});

export interface SpanCounts {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface SpanEvalResult {
  readonly guard: string;
  readonly data: string;
  readonly records: number;
  readonly exact: Readonly<Record<string, SpanCounts>>;
  readonly overlap: Readonly<Record<string, SpanCounts>>;
  readonly ms: number;
}

type Span = { start: number; end: number; type: string };

export function counts(tp: number, fp: number, fn: number): SpanCounts {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/** One-to-one matching of predictions to gold spans of the same type; tallies [tp, fp, fn] per type. */
export function tally(
  pred: readonly Span[],
  gold: readonly Span[],
  overlap: boolean,
  acc: Map<string, number[]>,
) {
  const bump = (type: string, i: number) => {
    const c = acc.get(type) ?? [0, 0, 0];
    c[i]!++;
    acc.set(type, c);
  };
  const used = new Set<number>();
  for (const p of pred) {
    const g = gold.findIndex(
      (x, k) =>
        !used.has(k) &&
        x.type === p.type &&
        (overlap ? x.start < p.end && p.start < x.end : x.start === p.start && x.end === p.end),
    );
    if (g === -1) bump(p.type, 1);
    else {
      used.add(g);
      bump(p.type, 0);
    }
  }
  gold.forEach((x, k) => used.has(k) || bump(x.type, 2));
}

/** Counts per type (`types`, default every type seen, sorted) and `overall`. */
export function summarise(
  acc: Map<string, number[]>,
  types: readonly string[] = [...acc.keys()].sort(),
): Record<string, SpanCounts> {
  const out: Record<string, SpanCounts> = {};
  let [tp, fp, fn] = [0, 0, 0];
  for (const type of types) {
    const [a, b, c] = acc.get(type) ?? [0, 0, 0];
    out[type] = counts(a!, b!, c!);
    tp += a!;
    fp += b!;
    fn += c!;
  }
  out.overall = counts(tp, fp, fn);
  return out;
}

/** Runs guard `guard` (options `config`, as in the YAML) over every record of `path` and scores its spans. */
export async function evalSpans(
  guard: string,
  path: string,
  config: Record<string, unknown> = {},
): Promise<SpanEvalResult> {
  const set = await createGuardSet({ [guard]: { ...config, action: 'flag' } }, { budgetMs: 60_000 });
  if (!set.ok) throw new Error(set.error);
  const lines = (await readFile(path, 'utf8')).split('\n');
  const exact = new Map<string, number[]>();
  const overlap = new Map<string, number[]>();
  let records = 0;
  let ms = 0;
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let rec: z.infer<typeof spanLineSchema>;
    try {
      rec = spanLineSchema.parse(JSON.parse(line));
    } catch (err) {
      throw new Error(
        `${path}:${i + 1}: not a {"text","spans"} record (${(err as Error).message.split('\n')[0]})`,
        { cause: err },
      );
    }
    const scope = { requestId: `eval-${i}`, identity: 'eval', model: 'eval', values: new Map() };
    const t0 = performance.now();
    const r = await set.value.inspectInput([{ path: 'text', text: rec.text, role: 'user' }], {}, scope, []);
    ms += performance.now() - t0;
    // Findings are reported per (guard, type, span); the same span from a decoded copy counts once.
    const seen = new Set<string>();
    const pred = r.findings.filter((f) => {
      const k = `${f.type}|${f.start}|${f.end}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    tally(pred, rec.spans, false, exact);
    tally(pred, rec.spans, true, overlap);
    records++;
  }
  return { guard, data: path, records, exact: summarise(exact), overlap: summarise(overlap), ms };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);

/** The result as a table: per type, exact and overlap precision / recall / F1. */
export function formatSpanReport(r: SpanEvalResult): string {
  const rows = Object.keys(r.exact).map((t) => {
    const e = r.exact[t]!;
    const o = r.overlap[t]!;
    return `${t.padEnd(24)}${pct(e.precision)}${pct(e.recall)}${pct(e.f1)}   ${pct(o.precision)}${pct(o.recall)}${pct(o.f1)}  ${e.tp}/${e.fp}/${e.fn}`;
  });
  return [
    `${r.guard} on ${r.data}: ${r.records} records, ${r.ms.toFixed(0)} ms`,
    '',
    `${'type'.padEnd(24)}exact P      R     F1   overlap P      R     F1  tp/fp/fn (exact)`,
    ...rows,
  ].join('\n');
}
