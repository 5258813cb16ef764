// Span-level evaluation of the PII detectors on labelled JSONL (`{"text","spans":[{start,end,type}]}`):
// precision, recall and F1 per entity type and overall, by exact span and by overlap. Called by
// `parapet guard eval --guard pii --data FILE`.

import { readFile } from 'node:fs/promises';
import { type SpanCounts, spanLineSchema, summarise, tally } from '../eval/spans.ts';
import { configSchema } from './config.ts';
import { detectOptions } from './index.ts';
import { detect } from './lib/detect.ts';
import type { PiiType } from './lib/hit.ts';

export type Counts = SpanCounts;

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
    const parsed = spanLineSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const { text, spans } = parsed.data;
    const gold = spans.filter((s) => detectOpts.types.has(s.type as PiiType));
    for (const s of spans)
      if (!detectOpts.types.has(s.type as PiiType)) unscored[s.type] = (unscored[s.type] ?? 0) + 1;
    const t0 = performance.now();
    const pred = detect(text, detectOpts);
    ms += performance.now() - t0;
    bytes += Buffer.byteLength(text);
    tally(pred, gold, false, exact);
    tally(pred, gold, true, overlap);
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
