// Masking: replaces finding spans in a segment's text, merging overlapping spans so each character
// is replaced at most once and offsets never shift under a later replacement.

export interface MaskSpan {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/** Merges overlapping or touching spans; the merged span keeps the first (leftmost) replacement. */
export function mergeSpans(spans: readonly MaskSpan[]): MaskSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: MaskSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      if (s.end > last.end) out[out.length - 1] = { ...last, end: s.end };
    } else out.push(s);
  }
  return out;
}

/** Returns `text` with every span replaced (spans merged first). */
export function applyMasks(text: string, spans: readonly MaskSpan[]): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const s of mergeSpans(spans)) {
    out += text.slice(at, s.start) + s.replacement;
    at = s.end;
  }
  return out + text.slice(at);
}
