// The sliding-window inspector for streamed answers: text is held back only as far as the widest
// stream guard's window needs, so a secret split across several chunks is still seen whole before
// any of it is released; a block ends the stream with a denial.

import type { GuardFinding } from '../audit/event.ts';
import type { Denial } from '../errors/index.ts';
import type { LoadedGuard } from './registry.ts';
import { runStage } from './run.ts';
import type { RequestScope } from './types.ts';

/** What one push (or the end) yields: text now safe to emit, new findings, and a denial that ends the stream. */
export interface StreamStep {
  readonly release: string;
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
}

const DEFAULT_WINDOW = 256;

/**
 * Opens an inspector over the route's `output_stream` guards, or undefined when there are none.
 * `mask` is enforced as `block` here: the gateway forwards the upstream's events as they are framed,
 * so a span cannot be rewritten once the event is queued.
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

  const scan = async (final: boolean): Promise<StreamStep> => {
    if (denial) return { release: '', findings: [], denial };
    const total = bufStart + buf.length;
    const outcome = await runStage(active, {
      stage: 'output_stream',
      segments: [{ path: 'stream', text: buf, role: 'assistant' }],
      scope,
      roles,
      budgetMs,
      maskAsBlock: true,
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
      return { release: '', findings, denial };
    }
    const upTo = final ? total : Math.max(released, total - (window - 1));
    const release = buf.slice(released - bufStart, upTo - bufStart);
    released = upTo;
    // Keep window - 1 released characters as left context for matches that end in later deltas.
    const keepFrom = Math.max(bufStart, released - (window - 1));
    buf = buf.slice(keepFrom - bufStart);
    bufStart = keepFrom;
    if (seen.size > 1024) seen.clear();
    return { release, findings };
  };

  return {
    window,
    push(delta: string) {
      if (!denial) buf += delta;
      return scan(false);
    },
    end() {
      return scan(true);
    },
  };
}
