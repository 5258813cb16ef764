// The sliding-window inspector for streamed answers: text is held back only as far as the widest
// stream guard's window needs, so a secret split across several chunks is still seen whole before
// any of it is released; a block ends the stream with a denial, and a mask replaces the span in the
// released text (a span split across chunks goes out as one replacement, in the chunk where it starts).

import type { GuardFinding } from '../audit/event.ts';
import type { Denial } from '../errors/index.ts';
import { type MaskSpan, mergeSpans } from './lib/spans.ts';
import type { LoadedGuard } from './registry.ts';
import { runStage } from './run.ts';
import type { RequestScope } from './types.ts';

/** What one push (or the end) yields: text now safe to emit, new findings, and a denial that ends the stream. */
export interface StreamStep {
  /** The newly released text, masked. */
  readonly release: string;
  /** Offset in the original (unmasked) answer up to which text is now released. */
  readonly through: number;
  readonly findings: readonly GuardFinding[];
  readonly denial?: Denial;
}

export interface StreamInspector {
  /** Characters a match may span; at most `window - 1` characters are ever held back. */
  readonly window: number;
  /** Feeds the next delta of model text. After a denial every call returns the same denial. */
  push(delta: string): Promise<StreamStep>;
  /** No more text: scans what is held back and releases it, or denies. */
  end(): Promise<StreamStep>;
  /**
   * The released original text `text` that starts at absolute offset `start`, with the masked spans
   * replaced: a span's replacement goes where the span starts, and its other characters are dropped.
   */
  rewrite(start: number, text: string): string;
}

const DEFAULT_WINDOW = 256;

/**
 * Opens an inspector over the route's `output_stream` guards, or undefined when there are none.
 * Text is released only up to the start of a masked span that is still open at the window's edge,
 * so no part of a masked value is ever released unmasked while it fits in the window.
 */
export function openStreamInspector(
  guards: readonly LoadedGuard[],
  scope: RequestScope,
  roles: readonly string[],
  budgetMs: number,
): StreamInspector | undefined {
  const active = guards.filter((g) => g.stages.has('output_stream'));
  if (active.length === 0) return undefined;
  const window = Math.max(...active.map((g) => g.manifest.streamWindow ?? DEFAULT_WINDOW));
  let buf = ''; // text from absolute offset `bufStart` to `total`
  let bufStart = 0;
  let released = 0;
  let denial: Denial | undefined;
  const seen = new Set<string>();
  // Mask spans in absolute offsets, merged, in order; dropped once wholly released and rewritten.
  let spans: MaskSpan[] = [];

  const scan = async (final: boolean): Promise<StreamStep> => {
    if (denial) return { release: '', through: released, findings: [], denial };
    const total = bufStart + buf.length;
    const outcome = await runStage(active, {
      stage: 'output_stream',
      segments: [{ path: 'stream', text: buf, role: 'assistant' }],
      scope,
      roles,
      budgetMs,
    });
    const findings: GuardFinding[] = [];
    for (const f of outcome.findings) {
      const abs = { ...f, start: f.start + bufStart, end: f.end + bufStart };
      const key = `${f.guard}|${f.type}|${abs.start}|${abs.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(abs);
    }
    if (!outcome.ok) {
      denial = outcome.denial;
      return { release: '', through: released, findings, denial };
    }
    const found = outcome.masks?.get(0) ?? [];
    if (found.length > 0)
      spans = mergeSpans([
        ...spans,
        ...found.map((m) => ({ ...m, start: Math.max(m.start + bufStart, released), end: m.end + bufStart })),
      ]).filter((m) => m.end > m.start);
    let upTo = final ? total : Math.max(released, total - (window - 1));
    // Never cut a masked span: hold back from its start (it is released whole, as its replacement).
    for (const m of spans) if (m.start < upTo && m.end > upTo) upTo = Math.max(released, m.start);
    const release = maskRange(released, buf.slice(released - bufStart, upTo - bufStart));
    released = upTo;
    // Keep window - 1 released characters as left context for matches that end in later deltas.
    const keepFrom = Math.max(bufStart, released - (window - 1));
    buf = buf.slice(keepFrom - bufStart);
    bufStart = keepFrom;
    if (seen.size > 1024) seen.clear();
    return { release, through: released, findings };
  };

  /** `text` (original, from absolute `start`) with the spans over it replaced. */
  const maskRange = (start: number, text: string): string => {
    if (spans.length === 0) return text;
    const end = start + text.length;
    let out = '';
    let at = start;
    for (const m of spans) {
      if (m.end <= start || m.start >= end) continue;
      if (m.start >= at) out += text.slice(at - start, m.start - start);
      if (m.start >= start) out += m.replacement;
      at = Math.min(end, Math.max(at, m.end));
    }
    return out + text.slice(at - start);
  };
  const rewrite = (start: number, text: string): string => {
    const out = maskRange(start, text);
    // Spans wholly behind this text will not be asked for again.
    if (spans.length > 0 && spans[0]!.end <= start) spans = spans.filter((m) => m.end > start);
    return out;
  };

  return {
    window,
    rewrite,
    push(delta: string) {
      if (!denial) buf += delta;
      return scan(false);
    },
    end() {
      return scan(true);
    },
  };
}
