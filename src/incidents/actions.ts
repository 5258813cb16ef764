// Response actions, by an operator or automatically by the monitor: revoke a key, block an identity or
// source, throttle, perturb confidences, disable a route or model, roll back a model. Enforcement goes
// through the shared state's flags (every gateway node honours them within a second); every action,
// done or failed, is written to the response_actions table and to its incident's timeline.

import { z } from 'zod';
import type { Flag, Flags } from '../state/index.ts';
import type { Store } from '../store/index.ts';
import { perturbOptions } from './perturb.ts';
import type { IncidentStore } from './store.ts';
import type { ActionRecord } from './types.ts';

const id = z.string().min(1).max(300);
const ttl = z
  .number()
  .int()
  .positive()
  .max(365 * 86400)
  .optional();

export const actionRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('revoke_key'), keyId: id }).strict(),
  z
    .object({ action: z.literal('block'), kind: z.enum(['identity', 'source']), id, ttlSeconds: ttl })
    .strict(),
  z
    .object({ action: z.literal('unblock'), kind: z.enum(['identity', 'source', 'route', 'model']), id })
    .strict(),
  z
    .object({
      action: z.literal('throttle'),
      identity: id,
      perMinute: z.number().int().min(0).max(1_000_000),
      ttlSeconds: ttl,
    })
    .strict(),
  z.object({ action: z.literal('disable'), kind: z.enum(['route', 'model']), id, ttlSeconds: ttl }).strict(),
  z.object({ action: z.literal('perturb'), identity: id, perturb: perturbOptions, ttlSeconds: ttl }).strict(),
  z.object({ action: z.literal('rollback'), model: id, toVersion: z.string().max(200).optional() }).strict(),
]);

export type ActionRequest = z.input<typeof actionRequest>;

/** Flag ids under kind `identity` that carry throttles and perturbations (not blocks). */
export const THROTTLE_PREFIX = 'throttle:';
export const PERTURB_PREFIX = 'perturb:';

/** The model registry's rollback, plugged in when the registry is configured. */
export type RollbackHook = (model: string, toVersion?: string) => Promise<{ ok: boolean; detail: string }>;

export interface ResponderDeps {
  readonly store: Store;
  readonly records: IncidentStore;
  readonly flags: Flags;
  readonly rollback?: RollbackHook;
}

/**
 * Runs one action and audits it. Returns the audit record (outcome `done`, `not_found`, `unsupported`
 * or `failed: …`). Throws a ZodError on an invalid request (validate at the edge).
 */
export async function runAction(
  deps: ResponderDeps,
  input: ActionRequest,
  ctx: { actor: string; reason: string; incidentId?: string; now?: number },
): Promise<ActionRecord> {
  const a = actionRequest.parse(input);
  const at = ctx.now ?? Date.now();
  const reason = ctx.reason.slice(0, 500);
  let targetKind = '';
  let target = '';
  let params: Record<string, unknown> = {};
  let outcome = 'done';
  try {
    switch (a.action) {
      case 'revoke_key': {
        targetKind = 'key';
        target = a.keyId;
        const { revokeKey } = await import('../identity/keys/index.ts');
        if (!(await revokeKey(deps.store, a.keyId))) outcome = 'not_found';
        break;
      }
      case 'block':
      case 'disable':
        targetKind = a.kind;
        target = a.id;
        params = a.ttlSeconds ? { ttlSeconds: a.ttlSeconds } : {};
        await deps.flags.set(a.kind, a.id, {
          ...(a.ttlSeconds ? { ttlSeconds: a.ttlSeconds } : {}),
          reason: `${a.action}: ${reason}`,
        });
        break;
      case 'unblock':
        targetKind = a.kind;
        target = a.id;
        await deps.flags.clear(a.kind, a.id);
        break;
      case 'throttle':
        targetKind = 'identity';
        target = a.identity;
        params = { perMinute: a.perMinute, ...(a.ttlSeconds ? { ttlSeconds: a.ttlSeconds } : {}) };
        await deps.flags.set('identity', `${THROTTLE_PREFIX}${a.identity}`, {
          ...(a.ttlSeconds ? { ttlSeconds: a.ttlSeconds } : {}),
          reason: JSON.stringify({ perMinute: a.perMinute, reason }),
        });
        break;
      case 'perturb':
        targetKind = 'identity';
        target = a.identity;
        params = { ...a.perturb, ...(a.ttlSeconds ? { ttlSeconds: a.ttlSeconds } : {}) };
        await deps.flags.set('identity', `${PERTURB_PREFIX}${a.identity}`, {
          ...(a.ttlSeconds ? { ttlSeconds: a.ttlSeconds } : {}),
          reason: JSON.stringify({ perturb: a.perturb, reason }),
        });
        break;
      case 'rollback': {
        targetKind = 'model';
        target = a.model;
        params = a.toVersion ? { toVersion: a.toVersion } : {};
        if (!deps.rollback) outcome = 'unsupported';
        else {
          const r = await deps.rollback(a.model, a.toVersion);
          outcome = r.ok ? 'done' : `failed: ${r.detail.slice(0, 200)}`;
          params = { ...params, detail: r.detail.slice(0, 500) };
        }
        break;
      }
    }
  } catch (err) {
    outcome = `failed: ${(err as Error).message.slice(0, 200)}`;
  }
  const rec = await deps.records.recordAction({
    at,
    actor: ctx.actor,
    action: a.action,
    targetKind,
    target,
    params,
    reason,
    ...(ctx.incidentId ? { incidentId: ctx.incidentId } : {}),
    outcome,
  });
  if (ctx.incidentId)
    await deps.records.addTimeline({
      incidentId: ctx.incidentId,
      at,
      kind: 'action',
      actor: ctx.actor,
      body: { action: rec.id, what: a.action, targetKind, target, outcome },
    });
  return rec;
}

/** Current throttles (identity → requests per minute) from the flag list, for the gateway's limiter. */
export function throttlesFromFlags(flags: readonly Flag[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of flags)
    if (f.kind === 'identity' && f.id.startsWith(THROTTLE_PREFIX)) {
      const p = safeJson(f.reason) as { perMinute?: unknown } | undefined;
      if (typeof p?.perMinute === 'number') out.set(f.id.slice(THROTTLE_PREFIX.length), p.perMinute);
    }
  return out;
}

/** Current perturbations (identity → options for perturbConfidences) from the flag list. */
export function perturbationsFromFlags(flags: readonly Flag[]): Map<string, z.output<typeof perturbOptions>> {
  const out = new Map<string, z.output<typeof perturbOptions>>();
  for (const f of flags)
    if (f.kind === 'identity' && f.id.startsWith(PERTURB_PREFIX)) {
      const p = perturbOptions.safeParse((safeJson(f.reason) as { perturb?: unknown } | undefined)?.perturb);
      if (p.success) out.set(f.id.slice(PERTURB_PREFIX.length), p.data);
    }
  return out;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
