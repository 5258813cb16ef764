// What drift compares per event: the classifier's input features, its confidence and label, and for
// LLM routes the sizes and token counts, as one numeric row with names.

import type { AuditEvent } from '../../../audit/event.ts';

export interface Segment {
  readonly model: string;
  readonly tenant?: string | undefined;
}

export const segmentKey = (s: Segment): string => (s.tenant ? `${s.model}@${s.tenant}` : s.model);

const labelCode = (l: string | number | undefined): number => {
  if (l === undefined) return -1;
  if (typeof l === 'number') return l;
  let h = 0;
  for (let i = 0; i < l.length; i++) h = (h * 31 + l.charCodeAt(i)) % 1000;
  return h;
};

/** The row for one event, or undefined when it carries nothing to compare. */
export function featureRow(
  e: AuditEvent,
  maxFeatures: number,
): { names: string[]; values: number[] } | undefined {
  const inf = e.inference;
  if (inf?.features && inf.features.length > 0) {
    const f = inf.features.slice(0, maxFeatures);
    const names = f.map((_, i) => `f${i}`);
    const values = [...f];
    if (inf.confidence !== undefined) {
      names.push('confidence');
      values.push(inf.confidence);
    }
    if (inf.label !== undefined) {
      names.push('label');
      values.push(labelCode(inf.label));
    }
    return { names, values };
  }
  // Text routes: request/response sizes, tokens and latency.
  return {
    names: ['bytes_in', 'bytes_out', 'tokens_prompt', 'tokens_completion', 'latency_upstream', 'status'],
    values: [
      e.request.bytesIn,
      e.response.bytesOut,
      e.tokens?.prompt ?? 0,
      e.tokens?.completion ?? 0,
      e.latencyMs.upstream ?? 0,
      e.response.status,
    ],
  };
}
