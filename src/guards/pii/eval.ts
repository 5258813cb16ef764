// Span-level evaluation of the PII detectors on labelled JSONL (`{"text","spans":[{start,end,type}]}`):
// precision, recall and F1 per entity type and overall, by exact span and by overlap. Called by
// `parapet guard eval --guard pii --data FILE`.

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { configSchema } from './config.ts';
import { detectOptions } from './index.ts';
import { detect } from './lib/detect.ts';
import type { Hit, PiiType } from './lib/hit.ts';

const lineSchema = z.object({
  text: z.string(),
  spans: z.array(
    z.object({ start: z.number().int().min(0), end: z.number().int().min(0), type: z.string() }).strict(),
  ),
});

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface PiiEvalResult {
  readonly data: string;
  readonly records: number;
  /** Types the detector ran; labelled spans of other types (person_name by default) are not scored. */
  readonly types: readonly PiiType[];
  readonly unscored: Readonly<Record<string, number>>;
  readonly exact: Readonly<Record<string, Counts>>;
  readonly overlap: Readonly<Record<string, Counts>>;
  /** Detector time over all records, ms, and throughput. */
  readonly ms: number;
  readonly mbPerSecond: number;
}

export interface PiiEvalOptions {
  readonly json?: boolean;
  /** Guard options (as in the YAML) to evaluate; defaults to the guard's defaults. */
  readonly config?: unknown;
}

type Gold = { start: number; end: number; type: string };

function score(tp: number, fp: number, fn: number): Counts {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/** Matches predictions to gold spans one-to-one; `overlap` accepts any shared character. */
function match(pred: readonly Hit[], gold: readonly Gold[], overlap: boolean, acc: Map<string, number[]>) {
  const used = new Set<number>();
  const bump = (type: string, i: 0 | 1 | 2) => {
    const c = acc.get(type) ?? [0, 0, 0];
    c[i]!++;
    acc.set(type, c);
  };
  for (const p of pred) {
    const g = gold.findIndex(
      (x, i) =>
        !used.has(i) &&
        x.type === p.type &&
        (overlap ? p.start < x.end && x.start < p.end : p.start === x.start && p.end === x.end),
    );
    if (g === -1) bump(p.type, 1);
    else {
      used.add(g);
      bump(p.type, 0);
    }
  }
  gold.forEach((x, i) => {
    if (!used.has(i)) bump(x.type, 2);
  });
}

function summarise(acc: Map<string, number[]>, types: readonly string[]): Record<string, Counts> {
  const out: Record<string, Counts> = {};
  let [tp, fp, fn] = [0, 0, 0];
  for (const t of types) {
    const [a, b, c] = acc.get(t) ?? [0, 0, 0];
    out[t] = score(a!, b!, c!);
    tp += a!;
    fp += b!;
    fn += c!;
  }
  out.overall = score(tp, fp, fn);
  return out;
}

/**
 * Evaluates the PII detectors on a JSONL file. Throws on a malformed line (a bug in the data, named
 * by line number).
 *
 * @example
 * const r = await evalPii('src/guards/pii/fixtures/pii-eval.jsonl');
 * console.log(formatPiiReport(r));
 */
export async function evalPii(path: string, opts: PiiEvalOptions = {}): Promise<PiiEvalResult> {
  const cfg = configSchema.parse(opts.config ?? {});
  const detectOpts = await detectOptions(cfg);
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const exact = new Map<string, number[]>();
  const overlap = new Map<string, number[]>();
  const unscored: Record<string, number> = {};
  let ms = 0;
  let bytes = 0;
  lines.forEach((line, i) => {
    const parsed = lineSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const { text, spans } = parsed.data;
    const gold = spans.filter((s) => detectOpts.types.has(s.type as PiiType));
    for (const s of spans)
      if (!detectOpts.types.has(s.type as PiiType)) unscored[s.type] = (unscored[s.type] ?? 0) + 1;
    const t0 = performance.now();
    const pred = detect(text, detectOpts);
    ms += performance.now() - t0;
    bytes += Buffer.byteLength(text);
    match(pred, gold, false, exact);
    match(pred, gold, true, overlap);
  });
  const types = [...cfg.types];
  return {
    data: path,
    records: lines.length,
    types,
    unscored,
    exact: summarise(exact, types),
    overlap: summarise(overlap, types),
    ms,
    mbPerSecond: bytes / 1e6 / (ms / 1000),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

/** The result as a table: per type, exact-span and overlap precision / recall / F1 and counts. */
export function formatPiiReport(r: PiiEvalResult): string {
  const rows = [
    `PII detectors on ${r.data}: ${r.records} records, ${r.ms.toFixed(0)} ms (${r.mbPerSecond.toFixed(1)} MB/s)`,
    '',
    `${'type'.padEnd(16)}  ${'exact P'.padStart(7)} ${'R'.padStart(7)} ${'F1'.padStart(7)}   ${'overlap P'.padStart(9)} ${'R'.padStart(7)} ${'F1'.padStart(7)}   gold  tp/fp/fn (overlap)`,
  ];
  for (const t of [...r.types, 'overall']) {
    const e = r.exact[t]!;
    const o = r.overlap[t]!;
    rows.push(
      `${t.padEnd(16)}  ${pct(e.precision)} ${pct(e.recall)} ${pct(e.f1)}   ${pct(o.precision).padStart(9)} ${pct(o.recall)} ${pct(o.f1)}   ${String(o.tp + o.fn).padStart(4)}  ${o.tp}/${o.fp}/${o.fn}`,
    );
  }
  const un = Object.entries(r.unscored);
  if (un.length > 0)
    rows.push('', `not scored (type not enabled): ${un.map(([t, n]) => `${t} ${n}`).join(', ')}`);
  return rows.join('\n');
}
