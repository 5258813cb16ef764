// The runner for one stage of one request: derives hidden-payload segments once, runs the route's
// guards concurrently within the time budget, fails closed, and turns findings into block / mask /
// flag with the route's per-role choices. The result is a typed value, never a throw.

import type { GuardFinding } from '../audit/event.ts';
import { type Code, type Denial, deny } from '../errors/index.ts';
import { type CheckOutcome, runCheck } from './lib/deadline.ts';
import { applyMasks, type MaskSpan } from './lib/spans.ts';
import type { LoadedGuard } from './registry.ts';
import type { Action, DerivedSegment, Finding, RequestScope, Segment, Stage } from './types.ts';

/** Outcome of one stage: the (possibly masked) segments, or a denial; findings either way. */
export type StageOutcome =
  | {
      readonly ok: true;
      readonly segments: readonly Segment[];
      readonly findings: readonly GuardFinding[];
      /** True when a mask rewrote at least one segment. */
      readonly changed: boolean;
      /** The mask spans applied, per segment index (offsets in the unmasked text). */
      readonly masks?: ReadonlyMap<number, readonly MaskSpan[]>;
      /** Input stage: text to append to the system prompt (see applySystemAddition). */
      readonly systemAddition?: string;
    }
  | { readonly ok: false; readonly denial: Denial; readonly findings: readonly GuardFinding[] };

export interface StageRequest {
  readonly stage: Stage;
  readonly segments: readonly Segment[];
  readonly body?: unknown;
  readonly scope: RequestScope;
  readonly roles: readonly string[];
  readonly budgetMs: number;
  /** Enforce `mask` as `block` (for a caller that cannot rewrite the text it inspects). */
  readonly maskAsBlock?: boolean;
}

/** One finding resolved to the original segment and the action the route takes on it. */
export interface Resolved {
  readonly guard: string;
  readonly finding: Finding;
  readonly segment: number;
  readonly start: number;
  readonly end: number;
  readonly action: Action;
}

/** Findings per guard recorded in the audit event (all of them are still acted on). */
export const MAX_REPORTED = 100;

const STRICTNESS: Record<Action, number> = { flag: 0, mask: 1, block: 2 };

/**
 * The action on a finding of `type` (or on the guard's findings as a whole): the strictest choice
 * among the caller's overridden roles (a role's per-type action, else its action), else the route's
 * per-type action, else the route's action.
 *
 * @example
 * // pii: { action: mask, actions: { credit_card: block }, roles: { support: { actions: { email: flag } } } }
 * actionFor(pii, ['support'], 'email'); // 'flag'
 * actionFor(pii, ['support'], 'credit_card'); // 'block'
 */
export function actionFor(guard: LoadedGuard, roles: readonly string[], type?: string): Action {
  let chosen: Action | undefined;
  for (const r of roles) {
    const c = guard.roles[r];
    if (!c) continue;
    const a = typeof c === 'string' ? c : ((type !== undefined ? c.actions?.[type] : undefined) ?? c.action);
    if (a && (!chosen || STRICTNESS[a] > STRICTNESS[chosen])) chosen = a;
  }
  return chosen ?? (type !== undefined ? guard.actions[type] : undefined) ?? guard.action;
}

/** Runs every guard of `req.stage` concurrently on the segments and their derived segments. */
export async function runStage(guards: readonly LoadedGuard[], req: StageRequest): Promise<StageOutcome> {
  const active = guards.filter((g) => g.stages.has(req.stage));
  const failed: { guard: LoadedGuard; kind: 'error' | 'timeout' }[] = [];
  const derived: DerivedSegment[] = [];
  for (const g of active) {
    if (!g.hooks.derive) continue;
    try {
      derived.push(...g.hooks.derive(req.segments));
    } catch {
      failed.push({ guard: g, kind: 'error' });
    }
  }
  const all: readonly Segment[] = derived.length > 0 ? [...req.segments, ...derived] : req.segments;

  const controller = new AbortController();
  const deadline = performance.now() + req.budgetMs;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('guard budget exhausted'));
      resolve();
    }, req.budgetMs);
  });
  let outcomes: CheckOutcome[];
  try {
    outcomes = await Promise.all(
      active.map((g) =>
        runCheck(
          g.check,
          { stage: req.stage, segments: all, body: req.body, scope: req.scope, signal: controller.signal },
          deadline,
          timedOut,
        ),
      ),
    );
  } finally {
    clearTimeout(timer);
  }

  const resolved: Resolved[] = [];
  const seen = new Set<string>();
  active.forEach((g, i) => {
    const o = outcomes[i]!;
    if (o.kind !== 'ok') {
      failed.push({ guard: g, kind: o.kind });
      return;
    }
    const mapped = resolveFindings(g, o.findings, req, all, derived);
    if (!mapped) {
      failed.push({ guard: g, kind: 'error' });
      return;
    }
    // An original and its aligned decoding (leetspeak of clean text) can yield the same finding twice.
    if (derived.length === 0) {
      // One by one: a hostile text can yield more findings than a spread's argument limit.
      for (const r of mapped) resolved.push(r);
      return;
    }
    for (const r of mapped) {
      const key = `${r.guard}|${r.finding.type}|${r.segment}|${r.start}|${r.end}`;
      if (!seen.has(key)) {
        seen.add(key);
        resolved.push(r);
      }
    }
  });
  return decide(resolved, failed, req, active);
}

/** Maps findings to original segments and attaches the route's action; undefined if any is malformed. */
function resolveFindings(
  g: LoadedGuard,
  findings: readonly Finding[],
  req: StageRequest,
  all: readonly Segment[],
  derived: readonly DerivedSegment[],
): Resolved[] | undefined {
  // Actions by finding type, worked out once per type for this request.
  const byType = new Map<string, Action>();
  const out: Resolved[] = [];
  for (const f of findings) {
    let action = byType.get(f.type);
    if (action === undefined) {
      action = actionFor(g, req.roles, f.type);
      if (action === 'mask' && req.maskAsBlock) action = 'block';
      byType.set(f.type, action);
    }
    if (f.segment === -1) {
      // About the body as a whole: nothing to mask, so a mask refuses instead.
      out.push({
        guard: g.name,
        finding: f,
        segment: -1,
        start: 0,
        end: 0,
        action: action === 'mask' ? 'block' : action,
      });
      continue;
    }
    const seg = all[f.segment];
    if (!seg || !(f.start >= 0 && f.start <= f.end && f.end <= seg.text.length)) return undefined;
    if (f.segment < req.segments.length) {
      out.push({ guard: g.name, finding: f, segment: f.segment, start: f.start, end: f.end, action });
      continue;
    }
    const d = derived[f.segment - req.segments.length]!;
    if (d.aligned) {
      const span = { start: d.from.start + f.start, end: d.from.start + f.end };
      out.push({ guard: g.name, finding: f, segment: d.from.segment, ...span, action });
    } else {
      // The whole encoded run is masked; a replacement meant for the decoded text would not fit it.
      const { replacement: _, ...bare } = f;
      out.push({
        guard: g.name,
        finding: bare,
        segment: d.from.segment,
        start: d.from.start,
        end: d.from.end,
        action,
      });
    }
  }
  return out;
}

function decide(
  resolved: readonly Resolved[],
  failed: readonly { guard: LoadedGuard; kind: 'error' | 'timeout' }[],
  req: StageRequest,
  active: readonly LoadedGuard[],
): StageOutcome {
  // Every finding is acted on, but the audit event keeps at most MAX_REPORTED per guard.
  const perGuard = new Map<string, number>();
  const reported = resolved.filter((r) => {
    const n = (perGuard.get(r.guard) ?? 0) + 1;
    perGuard.set(r.guard, n);
    return n <= MAX_REPORTED;
  });
  const findings: GuardFinding[] = reported.map((r) => ({
    guard: r.guard,
    type: r.finding.type,
    score: r.finding.score,
    start: r.start,
    end: r.end,
    action: r.action,
    stage: req.stage,
  }));
  const block = resolved.find((r) => r.action === 'block');
  if (block) return { ok: false, denial: blockDenial(block.guard, resolved, req), findings };
  const closed = failed.filter((f) => f.guard.onError === 'deny');
  if (closed.length > 0) {
    const names = closed.map((f) => `${f.guard.name} (${f.kind})`).join(', ');
    return {
      ok: false,
      denial: deny('guard.error', `Guard ${names} did not complete, so the ${req.stage} was refused.`, {
        detail: { stage: req.stage, guards: closed.map((f) => ({ guard: f.guard.name, failure: f.kind })) },
      }),
      findings,
    };
  }
  const masks = new Map<number, MaskSpan[]>();
  for (const r of resolved) {
    if (r.action !== 'mask') continue;
    const list = masks.get(r.segment) ?? [];
    list.push({
      start: r.start,
      end: r.end,
      replacement: r.finding.replacement ?? `[${r.finding.type.toUpperCase()}]`,
    });
    masks.set(r.segment, list);
  }
  const segments =
    masks.size === 0
      ? req.segments
      : req.segments.map((s, i) => {
          const spans = masks.get(i);
          return spans ? { ...s, text: applyMasks(s.text, spans) } : s;
        });
  let systemAddition: string | undefined;
  if (req.stage === 'input') {
    const parts = active.flatMap((g) => g.hooks.systemAddition?.(req.scope) ?? []);
    if (parts.length > 0) systemAddition = parts.join('\n');
  }
  return {
    ok: true,
    segments,
    findings,
    changed: masks.size > 0,
    ...(masks.size > 0 ? { masks } : {}),
    ...(systemAddition ? { systemAddition } : {}),
  };
}

/** `guard.<name>`: which guard fired, the finding types, paths and spans, and safe reasons — never the text. */
function blockDenial(name: string, resolved: readonly Resolved[], req: StageRequest): Denial {
  const mine = resolved.filter((r) => r.guard === name && r.action === 'block').slice(0, 20);
  const where = (r: Resolved) =>
    r.segment === -1 ? 'body' : `${req.segments[r.segment]?.path ?? '?'} ${r.start}..${r.end}`;
  const parts = mine.slice(0, 5).map((r) => r.finding.reason ?? `${r.finding.type} at ${where(r)}`);
  return deny(`guard.${name}` as Code, `Guard ${name} refused the ${req.stage}: ${parts.join('; ')}.`, {
    detail: {
      guard: name,
      stage: req.stage,
      findings: mine.map((r) => ({
        type: r.finding.type,
        path: r.segment === -1 ? null : (req.segments[r.segment]?.path ?? null),
        start: r.start,
        end: r.end,
        ...(r.finding.reason ? { reason: r.finding.reason } : {}),
      })),
    },
  });
}
