// One decision from two detectors: the linear model and the ONNX transformer. Used by the guard and
// by `parapet guard eval`, so the evaluated score is exactly what the guard decides on.

import type { OnnxConfig } from './config.ts';

export interface Scored {
  readonly score: number;
  readonly start: number;
  readonly end: number;
}

export interface Combined {
  /** A single score for ranking (ROC, TPR at FPR): flagged exactly when `score >= threshold`. */
  readonly score: number;
  readonly threshold: number;
  readonly flagged: boolean;
  /** Which detector decided, and the span it points at. */
  readonly by: 'classifier' | 'transformer' | 'weighted';
  readonly start: number;
  readonly end: number;
}

/**
 * `max`: flagged when either detector reaches its own threshold; the ranking score is
 * `0.5 + max(linear − its threshold, transformer − its threshold) / 2` against 0.5.
 * `weighted`: `weight × transformer + (1 − weight) × linear` against `combined_threshold`.
 */
export function combine(lin: Scored, tr: Scored, o: OnnxConfig, linThreshold: number): Combined {
  if (o.combine === 'weighted') {
    const score = o.weight * tr.score + (1 - o.weight) * lin.score;
    const threshold = o.combined_threshold ?? o.weight * o.threshold + (1 - o.weight) * linThreshold;
    const at = o.weight >= 0.5 ? tr : lin;
    return { score, threshold, flagged: score >= threshold, by: 'weighted', start: at.start, end: at.end };
  }
  const dl = lin.score - linThreshold;
  const dt = tr.score - o.threshold;
  const at = dl >= 0 || dl >= dt ? lin : tr;
  return {
    score: 0.5 + Math.max(dl, dt) / 2,
    threshold: 0.5,
    flagged: dl >= 0 || dt >= 0,
    by: at === lin ? 'classifier' : 'transformer',
    start: at.start,
    end: at.end,
  };
}
