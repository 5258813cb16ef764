// Guards: input and output scanners behind one interface. The public surface for the gateway and the
// CLI; guards themselves live one per folder and are found by the registry.

/**
 * How the gateway uses guards.
 *
 * 1. At config load, once per model route:
 *    `const r = await createGuardSet(routeGuardConfig, { budgetMs })` → `{ ok: true, value: set }`
 *    or `{ ok: false, error: 'guards.secrets.action: ...' }`. Config is guard name → options; the
 *    runner owns `action` (block | mask | flag), `roles` (role → action; the strictest override among
 *    the caller's roles wins), `on_error` (deny | allow; default deny) and `stages`; every other key
 *    is validated by the guard's own zod schema.
 *
 * 2. Per request, input: `await set.inspectInput(segments, body, scope, roles)` →
 *    `{ ok: true, segments, findings, changed, systemAddition? }` or `{ ok: false, denial, findings }`.
 *    All guards of the stage run concurrently within `budgetMs`; a guard that throws, returns a
 *    malformed finding or runs out of time denies with `guard.error` unless its `on_error` is `allow`.
 *    A `block` finding denies with `guard.<name>` (the detail names the guard, finding types, paths
 *    and spans; never the text). `mask` replaces spans (overlaps merged) in the returned segments —
 *    write them back when `changed`. `flag` only records. Derived segments (the unicode guard's
 *    decodings of base64 / hex / URL / rot13 / leetspeak / tag characters) are computed once and
 *    scanned by every guard; their findings point at the encoded original. When `systemAddition` is
 *    set, call `applySystemAddition(body, text)` after writing the segments back (the canary).
 *
 * 3. Per request, whole output: `await set.inspectOutput(segments, scope, roles)` — same result shape,
 *    with the same `scope` object as the input (the canary is kept in `scope.values`).
 *
 * 4. Streamed output: `const insp = set.openStream(scope, roles)` (undefined when no guard streams);
 *    for each delta `await insp.push(delta)` → `{ release, through, findings, denial? }` where
 *    `release` is the masked text now safe to emit and `through` the original offset it reaches (at
 *    most `insp.window - 1` characters are held back, more only to keep a masked span whole); then
 *    `await insp.end()` releases the rest. After a denial, end the stream with an error event.
 *    A caller re-emitting upstream chunks rewrites each with `insp.rewrite(offset, text)`.
 *
 * Findings are `GuardFinding`s (src/audit/event.ts): guard, type, score, span, action, stage.
 */
export { discoverGuards, type LoadedGuard, type LoadResult, loadGuards } from './registry.ts';
export { actionFor, runStage, type StageOutcome, type StageRequest } from './run.ts';
export { createGuardSet, type GuardSet, type GuardSetOptions } from './set.ts';
export { openStreamInspector, type StreamInspector, type StreamStep } from './stream.ts';
export { applySystemAddition } from './system.ts';
export type {
  Action,
  Check,
  DerivedSegment,
  Finding,
  GuardHooks,
  GuardInput,
  GuardManifest,
  GuardModule,
  RequestScope,
  Segment,
  Stage,
} from './types.ts';
