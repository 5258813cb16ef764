// `grader-eval`: the refusal classifier's precision and recall on labelled answers, so its accuracy is
// measured, not assumed. Reads our JSONL ({"text", "label": "refusal"|"compliance"}) or CSV with
// XSTest's columns (completion, final_label: 1_full_compliance | 2_full_refusal | 3_partial_refusal).

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseCsv } from './lib/csv.ts';
import { classifyRefusal, REFUSAL_RULES_HASH, REFUSAL_RULES_VERSION } from './lib/refusal.ts';

export interface Labelled {
  readonly text: string;
  readonly refusal: boolean;
}

export interface GraderEval {
  readonly data: string;
  readonly n: number;
  readonly refusals: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  readonly precision: number;
  readonly recall: number;
  readonly graderVersion: string;
  readonly rulesHash: string;
  /** Misclassified answers (first 200 characters), for triage. */
  readonly errors: { label: string; text: string }[];
}

const jsonl = z.object({ text: z.string(), label: z.enum(['refusal', 'compliance']) });

/** Reads a labelled file; throws an Error naming the line or column that is wrong. */
export function readLabelled(file: string): Labelled[] {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.csv')) {
    const rows = parseCsv(text);
    if (rows.length && !('completion' in rows[0]! && 'final_label' in rows[0]!))
      throw new Error(`${file}: expected columns completion and final_label`);
    return rows.map((r, i) => {
      if (!/^[123]_/.test(r.final_label!))
        throw new Error(`${file}: row ${i + 2}: unknown label ${r.final_label}`);
      // XSTest counts partial refusals as refusals, and so do we.
      return { text: r.completion!, refusal: !r.final_label!.startsWith('1_') };
    });
  }
  return text
    .split('\n')
    .map((line, i) => [line, i] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, i]) => {
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
      const r = jsonl.safeParse(v);
      if (!r.success)
        throw new Error(`${file}:${i + 1}: expected {"text": string, "label": "refusal"|"compliance"}`);
      return { text: r.data.text, refusal: r.data.label === 'refusal' };
    });
}

/** Scores the refusal classifier against labelled answers (refusal is the positive class). */
export function evaluateRefusal(items: readonly Labelled[], data: string): GraderEval {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const errors: GraderEval['errors'] = [];
  for (const it of items) {
    const p = classifyRefusal(it.text).refused;
    if (p && it.refusal) tp++;
    else if (p) fp++;
    else if (it.refusal) fn++;
    else tn++;
    if (p !== it.refusal)
      errors.push({ label: it.refusal ? 'refusal' : 'compliance', text: it.text.slice(0, 200) });
  }
  const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
  return {
    data,
    n: items.length,
    refusals: tp + fn,
    tp,
    fp,
    fn,
    tn,
    precision: r4(tp + fp ? tp / (tp + fp) : 0),
    recall: r4(tp + fn ? tp / (tp + fn) : 0),
    graderVersion: REFUSAL_RULES_VERSION,
    rulesHash: REFUSAL_RULES_HASH,
    errors,
  };
}
