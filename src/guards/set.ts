// A route's guard set: loaded once at config load, then called by the gateway per request for the
// input, the whole output and streamed output.

import { type LoadedGuard, loadGuards } from './registry.ts';
import { runStage, type StageOutcome } from './run.ts';
import { openStreamInspector, type StreamInspector } from './stream.ts';
import type { GuardModule, RequestScope, Segment } from './types.ts';

export interface GuardSetOptions {
  /** Time budget for all guards of one stage (one push, for streams). Default 50 ms. */
  readonly budgetMs?: number;
  /** Shared fast state, for guards that keep per-tenant data (reserved; not read yet). */
  readonly state?: unknown;
  /** Replaces the discovered guard folders (tests, embedders). */
  readonly modules?: ReadonlyMap<string, GuardModule<unknown>>;
}

export interface GuardSet {
  /** Names of the configured guards, in config order. */
  readonly names: readonly string[];
  /** Input guards on the request's text segments and parsed body. */
  inspectInput(
    segments: readonly Segment[],
    body: unknown,
    scope: RequestScope,
    roles: readonly string[],
  ): Promise<StageOutcome>;
  /** Output guards on a whole (non-streamed) answer's segments, in the same request's scope. */
  inspectOutput(
    segments: readonly Segment[],
    scope: RequestScope,
    roles: readonly string[],
  ): Promise<StageOutcome>;
  /** A sliding-window inspector for one streamed answer; undefined when no guard inspects streams. */
  openStream(scope: RequestScope, roles: readonly string[]): StreamInspector | undefined;
}

/**
 * Validates a route's guard config and builds its guard set. Errors name the path
 * (`guards.secrets.action: ...`); the gateway refuses to start on one.
 */
export async function createGuardSet(
  config: Record<string, unknown>,
  opts: GuardSetOptions = {},
): Promise<{ ok: true; value: GuardSet } | { ok: false; error: string }> {
  const loaded = await loadGuards(config, opts.modules);
  if (!loaded.ok) return loaded;
  const guards: readonly LoadedGuard[] = loaded.value;
  const budgetMs = opts.budgetMs ?? 50;
  return {
    ok: true,
    value: {
      names: guards.map((g) => g.name),
      inspectInput: (segments, body, scope, roles) =>
        runStage(guards, { stage: 'input', segments, body, scope, roles, budgetMs }),
      inspectOutput: (segments, scope, roles) =>
        runStage(guards, { stage: 'output', segments, scope, roles, budgetMs }),
      openStream: (scope, roles) => openStreamInspector(guards, scope, roles, budgetMs),
    },
  };
}
