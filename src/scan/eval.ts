// Detection quality on labelled data (labels.csv: file,label,...): precision, recall and TPR at fixed FPR.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scanPath } from './scan.ts';
import type { Severity } from './types.ts';
import { severityRank } from './types.ts';

export interface EvalResult {
  files: number;
  malicious: number;
  benign: number;
  failOn: Severity;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  /** Best TPR whose FPR stays at or under each bound, over the severity thresholds. */
  tprAtFpr: Array<{ fpr: number; tpr: number; threshold: Severity | 'any' }>;
  missed: string[];
  falseAlarms: string[];
}

/** Split one CSV line (quoted fields with "" escapes). */
function csvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * Scan every file listed in `dir/labels.csv` and score the verdicts: a file is flagged when its worst
 * finding is at or above `failOn`.
 */
export async function evaluate(dir: string, failOn: Severity = 'medium'): Promise<EvalResult> {
  const rows = (await readFile(join(dir, 'labels.csv'), 'utf8'))
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = csvLine(rows[0]);
  const fi = header.indexOf('file');
  const li = header.indexOf('label');
  if (fi < 0 || li < 0) throw new Error('labels.csv needs file and label columns');
  const scored: Array<{ file: string; bad: boolean; score: number }> = [];
  for (const row of rows.slice(1)) {
    const cols = csvLine(row);
    const r = await scanPath(join(dir, cols[fi]));
    scored.push({
      file: cols[fi],
      bad: cols[li] === 'malicious',
      score: r.worst ? severityRank(r.worst) + 1 : 0,
    });
  }
  const cut = severityRank(failOn) + 1;
  const tp = scored.filter((s) => s.bad && s.score >= cut).length;
  const fp = scored.filter((s) => !s.bad && s.score >= cut).length;
  const fn = scored.filter((s) => s.bad && s.score < cut).length;
  const tn = scored.filter((s) => !s.bad && s.score < cut).length;
  const pos = tp + fn;
  const neg = fp + tn;
  const names: Array<Severity | 'any'> = ['any', 'info', 'low', 'medium', 'high', 'critical'];
  const tprAtFpr = [0, 0.01, 0.05, 0.1].map((bound) => {
    let best = { fpr: bound, tpr: 0, threshold: 'critical' as Severity | 'any' };
    for (let t = 1; t <= 5; t++) {
      const f = neg ? scored.filter((s) => !s.bad && s.score >= t).length / neg : 0;
      const r = pos ? scored.filter((s) => s.bad && s.score >= t).length / pos : 0;
      if (f <= bound && r > best.tpr) best = { fpr: bound, tpr: r, threshold: names[t] };
    }
    return best;
  });
  return {
    files: scored.length,
    malicious: pos,
    benign: neg,
    failOn,
    tp,
    fp,
    fn,
    tn,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: pos ? tp / pos : 1,
    tprAtFpr,
    missed: scored.filter((s) => s.bad && s.score < cut).map((s) => s.file),
    falseAlarms: scored.filter((s) => !s.bad && s.score >= cut).map((s) => s.file),
  };
}
