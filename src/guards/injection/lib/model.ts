// The linear model: weights over signed hashed buckets, stored as base64 int16 with one scale so the
// committed file stays small, and scored in one pass over the features of a normalised text. Format 2
// scores segments (lines, sentences) beside fixed windows; format-1 files are refused with the fix.

import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const MODEL_FORMAT = 'parapet-injection-lr/2';

const fileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  bits: z.number().int().min(8).max(24),
  bias: z.number(),
  scale: z.number().positive(),
  weights: z.string(),
  /** Probability at or above which a text is an injection (calibrated on the training split). */
  threshold: z.number().gt(0).lt(1),
  /** Added to the logit per rule family that matched (at most `ruleCap` in total). */
  ruleBoost: z.number().min(0),
  ruleCap: z.number().min(0),
  trained: z.record(z.string(), z.unknown()),
});

export type ModelFile = z.infer<typeof fileSchema>;

export interface Model {
  readonly bits: number;
  readonly mask: number;
  readonly bias: number;
  /** Quantised weights; a bucket's weight is `weights[i] * scale`. Half the cache lines of floats. */
  readonly weights: Int16Array;
  readonly scale: number;
  readonly threshold: number;
  readonly ruleBoost: number;
  readonly ruleCap: number;
  readonly trained: Readonly<Record<string, unknown>>;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Float weights as int16 with one scale (max |w| maps to 32767). */
export function quantize(weights: Float32Array): { q: Int16Array; scale: number } {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.round(weights[i]! / scale);
  return { q, scale };
}

/** Quantises float weights to int16 with one scale; returns the committed JSON shape. */
export function encodeModel(
  weights: Float32Array,
  rest: Omit<ModelFile, 'format' | 'scale' | 'weights'>,
): ModelFile {
  const { q, scale } = quantize(weights);
  const b64 = Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64');
  return { format: MODEL_FORMAT, ...rest, scale, weights: b64 };
}

/** Validates a model JSON value and expands its weights. Throws on a malformed file (a config error). */
export function decodeModel(value: unknown): Model {
  const format = (value as { format?: unknown } | null)?.format;
  if (typeof format === 'string' && format !== MODEL_FORMAT && format.startsWith('parapet-injection-lr/'))
    throw new Error(
      `model format ${format} is not supported by this version (${MODEL_FORMAT}); retrain it with \`parapet train injection\``,
    );
  const f = fileSchema.parse(value);
  const bytes = Buffer.from(f.weights, 'base64');
  const size = 1 << f.bits;
  if (bytes.length !== size * 2)
    throw new Error(`model weights: expected ${size * 2} bytes, got ${bytes.length}`);
  const weights = new Int16Array(size);
  for (let i = 0; i < size; i++) weights[i] = bytes.readInt16LE(i * 2);
  return {
    bits: f.bits,
    mask: size - 1,
    bias: f.bias,
    weights,
    scale: f.scale,
    threshold: f.threshold,
    ruleBoost: f.ruleBoost,
    ruleCap: f.ruleCap,
    trained: f.trained,
  };
}

/** The committed model beside this folder, or another file by path. Cached per path. */
const cache = new Map<string, Model>();
export function loadModel(path?: string | URL): Model {
  const where = path ?? new URL('../model.json', import.meta.url);
  const key = String(where);
  const hit = cache.get(key);
  if (hit) return hit;
  const model = decodeModel(JSON.parse(readFileSync(where, 'utf8')));
  cache.set(key, model);
  return model;
}
