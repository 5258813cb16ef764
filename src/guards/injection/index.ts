// The injection guard: prompt injection and jailbreaks in what goes into a model. A trained linear
// classifier over normalised hashed n-grams makes the decision; family rules add to its score; a text
// is scored as overlapping windows and as its lines and sentences, so a payload deep inside a document
// or one instruction spliced into an e-mail is not diluted. An ONNX transformer the operator has on
// disk can be added as a second detector (`onnx:`).

import { z } from 'zod';
import type { Finding, GuardModule } from '../types.ts';
import { loadModel, type Model } from './lib/model.ts';
import { onnxConfigSchema } from './onnx/config.ts';
import { combine } from './onnx/combine.ts';
import { loadOnnxDetector, type OnnxDetector } from './onnx/detector.ts';
import { DEFAULT_OVERLAP, DEFAULT_WINDOW, scoreText } from './score.ts';

export { loadModel, type Model } from './lib/model.ts';
export { type Normalized, normalize, normalizeMapped } from './lib/normalize.ts';
export { type Family, matchFamilies } from './lib/rules.ts';
export { scoreText, type TextScore, type WindowOptions, windows } from './score.ts';
export { type OnnxConfig, onnxConfigSchema } from './onnx/config.ts';
export { loadOnnxDetector, type OnnxDetector, type OnnxScore } from './onnx/detector.ts';

export const configSchema = z
  .object({
    /** Probability at or above which a segment is an injection; default: the model's calibrated one. */
    threshold: z.number().gt(0).lt(1).optional(),
    /** Characters per scoring window and the overlap between neighbours (quarter-size windows are added). */
    window: z.number().int().min(200).max(100_000).default(DEFAULT_WINDOW),
    overlap: z.number().int().min(0).max(50_000).default(DEFAULT_OVERLAP),
    /** Another trained model file (from `parapet train injection`); default: the committed one. */
    model: z.string().optional(),
    /** Chat roles whose text is not scored: the operator's own system prompt by default. */
    skip_roles: z.array(z.string()).default(['system']),
    /** Optional transformer classifier (ONNX + tokenizer.json) scored beside the linear model. */
    onnx: onnxConfigSchema.optional(),
  })
  .strict()
  .refine((c) => c.overlap < c.window, { message: 'overlap must be smaller than window', path: ['overlap'] });

export type InjectionConfig = z.infer<typeof configSchema>;

/** Findings for the segments of one request; exported for embedders that have no guard runner. */
export function detectInjection(
  model: Model,
  segments: readonly { text: string; role?: string }[],
  cfg: InjectionConfig,
  signal?: AbortSignal,
): Finding[] {
  const threshold = cfg.threshold ?? model.threshold;
  const skip = new Set(cfg.skip_roles);
  const out: Finding[] = [];
  segments.forEach((s, segment) => {
    if (s.role !== undefined && skip.has(s.role)) return;
    if (s.text.length === 0) return;
    const r = scoreText(model, s.text, { window: cfg.window, overlap: cfg.overlap, signal });
    if (r.score < threshold) return;
    const why = r.families.length > 0 ? `classifier + rules: ${r.families.join(', ')}` : 'classifier';
    out.push({
      segment,
      start: r.start,
      end: r.end,
      type: 'injection',
      score: r.score,
      reason: `${why} (score ${r.score.toFixed(3)} >= ${threshold.toPrecision(3)})`,
    });
  });
  return out;
}

/**
 * Findings when an ONNX detector runs beside the linear model. `combine: max` flags a segment when
 * either detector reaches its own threshold; `weighted` mixes the two probabilities against one
 * threshold. Throws when inference fails (the runner then fails closed unless `on_error: allow`).
 */
export async function detectInjectionWithOnnx(
  model: Model,
  onnx: OnnxDetector,
  segments: readonly { text: string; role?: string }[],
  cfg: InjectionConfig,
  signal?: AbortSignal,
): Promise<Finding[]> {
  const o = cfg.onnx;
  if (!o) return detectInjection(model, segments, cfg, signal);
  const tLin = cfg.threshold ?? model.threshold;
  const skip = new Set(cfg.skip_roles);
  const out: Finding[] = [];
  for (const [segment, s] of segments.entries()) {
    if ((s.role !== undefined && skip.has(s.role)) || s.text.length === 0) continue;
    const lin = scoreText(model, s.text, { window: cfg.window, overlap: cfg.overlap, signal });
    const tr = await onnx.score(s.text, signal);
    const rules = lin.families.length > 0 ? ` + rules: ${lin.families.join(', ')}` : '';
    const c = combine(lin, tr, o, tLin);
    if (!c.flagged) continue;
    const both = `transformer ${tr.score.toFixed(3)} and classifier ${lin.score.toFixed(3)}${rules}`;
    out.push({
      segment,
      start: c.start,
      end: c.end,
      type: 'injection',
      score: c.by === 'weighted' ? c.score : c.by === 'classifier' ? Math.max(lin.score, tr.score) : tr.score,
      reason:
        c.by === 'weighted'
          ? `${both}, weighted (score ${c.score.toFixed(3)} >= ${c.threshold.toPrecision(3)})`
          : c.by === 'classifier'
            ? `classifier${rules} (score ${lin.score.toFixed(3)} >= ${tLin.toPrecision(3)}); transformer ${tr.score.toFixed(3)}`
            : `transformer (score ${tr.score.toFixed(3)} >= ${o.threshold.toPrecision(3)}); classifier ${lin.score.toFixed(3)}`,
    });
  }
  return out;
}

const injection: GuardModule<InjectionConfig> = {
  manifest: {
    name: 'injection',
    description:
      'Prompt injection and jailbreaks: trained classifier on normalised text plus family rules; optionally an ONNX transformer beside it.',
    stages: ['input'],
    config: configSchema,
    defaultAction: 'block',
    frameworks: { owasp: ['LLM01:2025'], atlas: ['AML.T0051', 'AML.T0054'] },
  },
  async create(cfg) {
    const model = loadModel(cfg.model);
    if (!cfg.onnx) return ({ segments, signal }) => detectInjection(model, segments, cfg, signal);
    const onnx = await loadOnnxDetector(cfg.onnx);
    return ({ segments, signal }) => detectInjectionWithOnnx(model, onnx, segments, cfg, signal);
  },
};

export default injection;
