// Evaluation of the injection guard on labelled JSONL (`{"text","label"}` plus optional source/kind):
// precision, recall, F1, ROC AUC, TPR at 1% and 0.1% FPR overall and per kind, through the same
// windowed scoring the guard runs (with an ONNX transformer beside it when given, combined as the
// guard combines them). Called by `parapet guard eval --guard injection`.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type BinaryReport, binaryReport } from '../eval/metrics.ts';
import { type Row, readRows, splitGroups } from './lib/data.ts';
import { loadModel } from './lib/model.ts';
import { combine } from './onnx/combine.ts';
import type { OnnxConfig } from './onnx/config.ts';
import { loadOnnxDetector } from './onnx/detector.ts';
import { scoreText } from './score.ts';

export interface InjectionEvalOptions {
  /** Model file; default the committed one. */
  readonly model?: string;
  /** Operating threshold; default the model's calibrated one. */
  readonly threshold?: number;
  /** Only the held-out side of the model's own training split (same file, same seed). */
  readonly holdout?: boolean;
  /** Score with an ONNX transformer beside the linear model, combined as the guard combines them. */
  readonly onnx?: OnnxConfig;
}

export interface KindReport {
  readonly n: number;
  readonly label: 'injection' | 'benign' | 'mixed';
  /** Share flagged at the threshold: the TPR of an attack kind, the FPR of a benign kind. */
  readonly flaggedRate: number;
  /** Attack kinds only: this kind against every benign line of the file. */
  readonly vsBenign?: BinaryReport;
}

export interface InjectionEvalResult {
  readonly data: string;
  readonly rows: number;
  readonly threshold: number;
  readonly overall: BinaryReport;
  readonly perKind: Readonly<Record<string, KindReport>>;
  readonly ms: number;
  readonly mbPerSecond: number;
}

/** Scores every line of `path` and reports. Throws on an unreadable or malformed file or model. */
export async function evalInjection(
  path: string,
  opts: InjectionEvalOptions = {},
): Promise<InjectionEvalResult> {
  const model = loadModel(opts.model);
  let rows = readRows(path);
  if (opts.holdout) {
    const t = model.trained;
    const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (t.sha256 !== sha) throw new Error(`--holdout: ${path} is not the file the model was trained on`);
    const split = splitGroups(rows, Number(t.seed), Number(t.testFraction));
    rows = rows.filter((r, i) => split.isTest(r, i));
  }
  const linThreshold = opts.threshold ?? model.threshold;
  const onnx = opts.onnx ? await loadOnnxDetector(opts.onnx) : undefined;
  let threshold = linThreshold;
  const t0 = performance.now();
  let chars = 0;
  const scored: { r: Row; score: number; positive: boolean }[] = [];
  for (const r of rows) {
    chars += r.text.length;
    const lin = scoreText(model, r.text);
    let score = lin.score;
    if (onnx && opts.onnx) {
      const c = combine(lin, await onnx.score(r.text), opts.onnx, linThreshold);
      score = c.score;
      threshold = c.threshold;
    }
    scored.push({ r, score, positive: r.label === 'injection' });
  }
  const ms = performance.now() - t0;
  const perKind: Record<string, KindReport> = {};
  const kinds = [...new Set(rows.map((r) => r.kind).filter((k): k is string => k !== undefined))].sort();
  const benign = scored.filter((s) => !s.positive);
  for (const k of kinds) {
    const mine = scored.filter((s) => s.r.kind === k);
    const pos = mine.filter((s) => s.positive).length;
    const label = pos === mine.length ? 'injection' : pos === 0 ? 'benign' : 'mixed';
    const flaggedRate = mine.filter((s) => s.score >= threshold).length / mine.length;
    perKind[k] = {
      n: mine.length,
      label,
      flaggedRate,
      ...(label === 'injection' && benign.length > 0
        ? { vsBenign: binaryReport([...mine, ...benign], threshold) }
        : {}),
    };
  }
  return {
    data: path,
    rows: rows.length,
    threshold,
    overall: binaryReport(scored, threshold),
    perKind,
    ms,
    mbPerSecond: chars / 1e6 / (ms / 1000),
  };
}

const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`);

/** The human-readable report `parapet guard eval --guard injection` prints. */
export function formatInjectionReport(r: InjectionEvalResult): string {
  const o = r.overall;
  const lines = [
    `data ${r.data}: ${r.rows} lines (${o.positives} injection, ${o.negatives} benign), threshold ${r.threshold.toPrecision(4)}`,
    `precision ${pct(o.at.precision)}  recall ${pct(o.at.recall)}  F1 ${pct(o.at.f1)}  FPR ${pct(o.at.fpr)}  (tp ${o.at.tp} fp ${o.at.fp} fn ${o.at.fn} tn ${o.at.tn})`,
    `ROC AUC ${o.auc.toFixed(4)}  TPR at 1% FPR ${pct(o.tprAt1)}  TPR at 0.1% FPR ${pct(o.tprAt01)}`,
  ];
  const kinds = Object.entries(r.perKind);
  if (kinds.length > 0) {
    lines.push('per kind:');
    for (const [k, v] of kinds) {
      const what = v.label === 'benign' ? 'FPR' : v.label === 'injection' ? 'TPR' : 'flagged';
      const extra = v.vsBenign
        ? `  (vs all benign: AUC ${v.vsBenign.auc.toFixed(4)}, TPR at 1% FPR ${pct(v.vsBenign.tprAt1)}, at 0.1% ${pct(v.vsBenign.tprAt01)})`
        : '';
      lines.push(`  ${k.padEnd(22)} n ${String(v.n).padStart(5)}  ${what} ${pct(v.flaggedRate)}${extra}`);
    }
  }
  lines.push(`scored in ${r.ms.toFixed(0)} ms (${r.mbPerSecond.toFixed(1)} MB/s)`);
  return lines.join('\n');
}
