// JSON inference endpoints (a plain JSON API, or the KServe v2 protocol): where to send the call, and
// the compact record of what went in and came out that the monitor reads from the audit event.

import { createHash } from 'node:crypto';
import type { InferenceRecord } from '../../audit/event.ts';
import type { UpstreamConfig } from '../../config/index.ts';
import { type PerturbOptions, perturbConfidences } from '../../incidents/index.ts';

/** Feature vectors longer than this are kept only as a fingerprint. */
const MAX_FEATURES = 256;

export function inferPath(up: UpstreamConfig, publicName: string): string {
  if (up.kind === 'kserve') return `/v2/models/${encodeURIComponent(up.model ?? publicName)}/infer`;
  return '';
}

/** Extracts features (or a fingerprint), label and confidence from a plain or KServe v2 exchange. */
export function inferenceRecord(request: Record<string, unknown>, response: unknown): InferenceRecord {
  const features = featuresOf(request);
  const out: { features?: number[]; fingerprint?: string; label?: string | number; confidence?: number } = {};
  if (features && features.length <= MAX_FEATURES) out.features = features;
  else out.fingerprint = createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 32);
  const { label, confidence } = answerOf(response);
  if (label !== undefined) out.label = label;
  if (confidence !== undefined) out.confidence = confidence;
  return out;
}

function numbers(v: unknown): number[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const flat = v.flat(2);
  return flat.every((x) => typeof x === 'number') ? (flat as number[]) : undefined;
}

function featuresOf(req: Record<string, unknown>): number[] | undefined {
  const inputs = req.inputs ?? req.features ?? req.instances;
  if (Array.isArray(inputs) && inputs[0] && typeof inputs[0] === 'object' && !Array.isArray(inputs[0])) {
    return numbers((inputs[0] as { data?: unknown }).data); // KServe v2: inputs[0].data
  }
  return numbers(inputs);
}

function answerOf(res: unknown): { label?: string | number; confidence?: number } {
  if (!res || typeof res !== 'object') return {};
  const r = res as Record<string, unknown>;
  if (Array.isArray(r.outputs)) {
    const byName = (n: string) =>
      (r.outputs as { name?: string; data?: unknown[] }[]).find((o) => o.name === n)?.data;
    const label = (byName('label') ?? (r.outputs as { data?: unknown[] }[])[0]?.data)?.[0];
    const probs = numbers(byName('probabilities') ?? byName('probability') ?? byName('confidence'));
    return {
      label: typeof label === 'string' || typeof label === 'number' ? label : undefined,
      confidence: probs && probs.length > 0 ? Math.max(...probs) : undefined,
    };
  }
  const label = r.label ?? r.prediction ?? r.class;
  const probs = numbers(r.probabilities);
  const confidence = typeof r.confidence === 'number' ? r.confidence : probs ? Math.max(...probs) : undefined;
  return { label: typeof label === 'string' || typeof label === 'number' ? label : undefined, confidence };
}

/**
 * Replaces the class probabilities of a plain or KServe v2 answer with perturbed ones (a response action
 * against a suspected extraction: noise, rounding or top-1 only). The top class stays on top, so the
 * label is unchanged. Returns false when the answer carries no probabilities.
 */
export function perturbAnswer(res: unknown, opts: PerturbOptions, seed: string): boolean {
  if (!res || typeof res !== 'object') return false;
  const r = res as Record<string, unknown>;
  if (Array.isArray(r.outputs)) {
    const out = (r.outputs as { name?: string; data?: unknown }[]).find((o) => o.name === 'probabilities' || o.name === 'probability');
    const probs = numbers(out?.data);
    if (!out || !probs) return false;
    out.data = perturbConfidences(probs, opts, seed);
    return true;
  }
  const probs = numbers(r.probabilities);
  if (!probs) return false;
  r.probabilities = perturbConfidences(probs, opts, seed);
  if (typeof r.confidence === 'number') r.confidence = Math.max(...(r.probabilities as number[]));
  return true;
}
