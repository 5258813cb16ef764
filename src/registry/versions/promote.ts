// Promotion: an alias moves to a version only when every gate declared for the alias passes; each
// attempt, passed or blocked, is a registry event with who made it.

import type { Store } from '../../store/index.ts';
import { checkGates, type GateCheck, type GatePolicy } from './gates.ts';
import { type MoveResult, setAlias } from './history.ts';

type Raw = Record<string, unknown>;

export type PromoteResult =
  (MoveResult & { checks: GateCheck[] }) | { ok: false; error: string; checks: GateCheck[] };

/**
 * Moves `alias` of `name` to `version` if every gate declared for the alias passes; records the
 * promotion, or the blocked attempt with the failed gates, as a registry event with `actor`.
 */
export async function promote(
  store: Store,
  opts: {
    readonly name: string;
    readonly version: number;
    readonly alias: string;
    readonly actor: string;
    readonly policy?: GatePolicy;
    readonly now?: () => number;
  },
): Promise<PromoteResult> {
  const now = opts.now ?? Date.now;
  const checks = await checkGates(
    store,
    opts.name,
    opts.version,
    opts.alias,
    opts.policy,
    new Date(now()),
    opts.actor,
  );
  const failed = checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    const cur = await store.sql.query<Raw>(
      'SELECT version FROM registry_aliases WHERE name = $1 AND alias = $2',
      [opts.name, opts.alias],
    );
    await store.sql.execute(
      'INSERT INTO registry_events (name, at, action, alias, version, from_version, actor, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [
        opts.name,
        now(),
        'promote_blocked',
        opts.alias,
        opts.version,
        cur[0] ? Number(cur[0].version) : null,
        opts.actor,
        JSON.stringify(checks),
      ],
    );
    return {
      ok: false,
      checks,
      error: `promotion of ${opts.name}@${opts.version} to ${opts.alias} blocked by ${failed.length} gate(s):\n${failed
        .map((c) => `  ${c.gate}: ${c.reason}`)
        .join('\n')}`,
    };
  }
  const moved = await setAlias(
    store,
    opts.name,
    opts.alias,
    opts.version,
    opts.actor,
    'promote',
    now,
    checks,
  );
  return { ...moved, checks };
}
