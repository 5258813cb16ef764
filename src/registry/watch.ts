// `registry watch`: a serving directory (what `registry pull NAME@production` wrote) is re-verified on a
// schedule against the version the alias points at now. A changed, added, removed or renamed file —
// or an alias that moved without the directory following — raises a critical `tamper.digest` alert
// (an incident under the model-tampering playbook) and, when configured, disables the gateway route
// through the shared enforcement flags, so every gateway node refuses the model within a second.

import { recordAlert } from '../incidents/lifecycle.ts';
import { runAction } from '../incidents/actions.ts';
import type { IncidentStore } from '../incidents/store.ts';
import type { Alert } from '../monitor/types.ts';
import type { Flags } from '../state/index.ts';
import type { Store } from '../store/index.ts';
import { describeProblem, compareToStatement, type Problem } from './verify.ts';
import { resolveVersion } from './versions/history.ts';
import { migrateRegistry } from './versions/push.ts';

export interface ServingCheck {
  readonly at: number;
  readonly ref: string;
  /** The version the alias points at (undefined when the alias does not exist). */
  readonly version?: number;
  readonly rootDigest?: string;
  readonly ok: boolean;
  readonly problems: readonly Problem[];
  /** One line per problem, for logs and alerts. */
  readonly lines: readonly string[];
}

/** Compares `dir` with the version `name@alias` points at now. */
export async function checkServing(
  store: Store,
  name: string,
  alias: string,
  dir: string,
): Promise<ServingCheck> {
  await migrateRegistry(store);
  const at = Date.now();
  const ref = `${name}@${alias}`;
  const v = await resolveVersion(store, { name, alias });
  if (!v) {
    const message = `${ref} does not exist in the registry`;
    return { at, ref, ok: false, problems: [{ kind: 'unsupported', message }], lines: [message] };
  }
  const c = await compareToStatement(dir, v.statement);
  return {
    at,
    ref,
    version: v.version,
    rootDigest: v.rootDigest,
    ok: c.problems.length === 0,
    problems: c.problems,
    lines: c.problems.map(describeProblem),
  };
}

export interface WatchOptions {
  readonly store: Store;
  readonly name: string;
  readonly alias: string;
  readonly dir: string;
  readonly intervalMs: number;
  /** Where alerts and incidents are recorded. */
  readonly records: IncidentStore;
  /** With `disableModel`, the flags the gateways read. */
  readonly flags?: Flags;
  /** Gateway model (route) to disable when the directory no longer matches. */
  readonly disableModel?: string;
  readonly actor?: string;
  /** Called after every check (the CLI prints it). */
  readonly onCheck?: (c: ServingCheck, alerted: boolean) => void;
  readonly signal?: AbortSignal;
  /** Stop after the first check. */
  readonly once?: boolean;
}

/**
 * Checks on a schedule until `signal` aborts (or once). Alerts once per distinct failure: the same
 * set of problems is not re-alerted every interval; a new one (another file, a moved alias) is.
 * Returns the last check.
 */
export async function watchServing(o: WatchOptions): Promise<ServingCheck> {
  let lastAlerted = '';
  let last: ServingCheck;
  for (;;) {
    last = await checkServing(o.store, o.name, o.alias, o.dir);
    let alerted = false;
    const signature = last.ok ? '' : `${last.version}:${last.lines.join('\n')}`;
    if (!last.ok && signature !== lastAlerted) {
      await raise(o, last);
      alerted = true;
    }
    lastAlerted = signature;
    o.onCheck?.(last, alerted);
    if (o.once || o.signal?.aborted) return last;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, o.intervalMs);
      o.signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true },
      );
    });
    if (o.signal?.aborted) return last;
  }
}

async function raise(o: WatchOptions, c: ServingCheck): Promise<void> {
  const kinds: Record<string, number> = {};
  for (const p of c.problems) kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
  const alert: Alert = {
    id: `tamper-${c.at.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    count: 1,
    detector: 'tamper.digest',
    severity: 'critical',
    summary:
      `serving directory of ${c.ref}${c.version ? ` (version ${c.version})` : ''} does not match the registry: ${c.lines.slice(0, 3).join('; ')}${c.lines.length > 3 ? ` (+${c.lines.length - 3} more)` : ''}`.slice(
        0,
        1000,
      ),
    evidence: {
      dir: o.dir,
      ...(c.version ? { version: c.version, rootDigest: c.rootDigest! } : {}),
      problems: c.problems.length,
      ...kinds,
    },
    identities: [],
    models: [o.disableModel ?? o.name],
    requestIds: [],
    at: c.at,
    key: `tamper.digest:${c.ref}:${o.dir}`,
  };
  const incident = await recordAlert(o.records, alert, 'high', c.at);
  if (o.disableModel && o.flags) {
    await runAction(
      { store: o.store, records: o.records, flags: o.flags },
      { action: 'disable', kind: 'model', id: o.disableModel },
      {
        actor: o.actor ?? 'registry-watch',
        reason: `serving files of ${c.ref} changed: ${c.lines[0] ?? ''}`,
        ...(incident ? { incidentId: incident.id } : {}),
        now: c.at,
      },
    );
  }
}
