// Rollback: the emergency path that re-points an alias (default `production`) to an earlier version.
// It skips nothing the gates protect: the target must be *verified* — its stored bytes still hash to
// its manifest, its signature still verifies where `signed` is a gate, and it is known-good for the
// alias (it held the alias before, or it passes every gate of the alias now). Otherwise a rollback
// would be a way round the promotion gates.

import type { Store } from '../../store/index.ts';
import { type Blobs, checkBlob } from './blobs.ts';
import { checkGates, type GatePolicy, gatesFor } from './gates.ts';
import { heldSince, type MoveResult, resolveVersion, setAlias } from './history.ts';

/** How the rollback target was verified; stored as the detail of the `rollback` event. */
export interface RollbackVerification {
  /** Blobs re-hashed against the manifest. */
  readonly blobs: number;
  /** The signature check, when `signed` is a gate of the alias. */
  readonly signature?: string;
  /** Why the version is known-good for the alias. */
  readonly knownGood: { readonly heldSince: number } | { readonly gates: readonly string[] };
}

type Raw = Record<string, unknown>;

/**
 * Rolls `alias` of `name` back to the earlier version `to` once it is verified (see the module note);
 * records a `rollback` event with `actor` and how the target was verified.
 *
 * @example
 * const r = await rollbackVerified(store, { name: 'fraud', to: 3, alias: 'production', actor: 'on-call', blobDir });
 * if (!r.ok) console.error(r.error); // e.g. "fraud@3 does not verify: the stored bytes of w.bin …"
 */
export async function rollbackVerified(
  store: Store,
  opts: {
    readonly name: string;
    readonly to: number;
    readonly alias: string;
    readonly actor: string;
    readonly blobDir: Blobs;
    readonly policy?: GatePolicy;
    readonly now?: () => number;
  },
): Promise<MoveResult> {
  const { name, to, alias } = opts;
  const v = await resolveVersion(store, { name, version: to });
  if (!v) return { ok: false, error: `${name} has no version ${to}` };
  const current = (
    await store.sql.query<Raw>('SELECT version FROM registry_aliases WHERE name = $1 AND alias = $2', [
      name,
      alias,
    ])
  )[0];
  // Checked here as well as in setAlias, so a wrong target is named before any blob is re-hashed.
  if (!current || Number(current.version) <= to)
    return {
      ok: false,
      error: `rollback moves ${alias} back: ${name}@${alias} is ${current ? String(current.version) : 'unset'}, target ${to}`,
    };

  for (const r of v.statement.predicate.resources) {
    if (!(await checkBlob(opts.blobDir, r.digest)))
      return {
        ok: false,
        error: `${name}@${to} does not verify: the stored bytes of ${r.name} no longer hash to ${r.digest.slice(0, 16)}…`,
      };
  }
  const gates = gatesFor(opts.policy, alias);
  const at = new Date((opts.now ?? Date.now)());
  let signature: string | undefined;
  if (gates.includes('signed')) {
    const [signed] = await checkGates(
      store,
      name,
      to,
      alias,
      { ...opts.policy!, gates: { [alias]: ['signed'] } },
      at,
    );
    if (signed && !signed.ok) return { ok: false, error: `${name}@${to} does not verify: ${signed.reason}` };
    signature = signed?.reason;
  }

  // Known-good: the version held this alias before (pushed as `latest`, or moved there through the
  // gates), or it passes every gate of the alias today.
  const held = await heldSince(store, name, alias, to);
  let knownGood: RollbackVerification['knownGood'];
  if (held !== undefined) knownGood = { heldSince: held };
  else {
    const checks = await checkGates(store, name, to, alias, opts.policy, at, opts.actor);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length > 0)
      return {
        ok: false,
        error: `${name}@${to} never held ${alias} and fails ${failed.length} of its gate(s):\n${failed
          .map((c) => `  ${c.gate}: ${c.reason}`)
          .join('\n')}`,
      };
    knownGood = { gates: checks.map((c) => c.gate) };
  }
  const detail: RollbackVerification = {
    blobs: v.statement.predicate.resources.length,
    ...(signature ? { signature } : {}),
    knownGood,
  };
  return setAlias(store, name, alias, to, opts.actor, 'rollback', opts.now, detail);
}
