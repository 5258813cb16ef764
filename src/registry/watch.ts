// `registry watch`: a serving directory (what `registry pull NAME@production` wrote) is re-verified on a
// schedule against the version the alias points at now. A changed, added, removed or renamed file
// raises a critical `tamper.digest` alert (an incident under the model-tampering playbook) and, when
// configured, disables the gateway routes through the enforcement flags, so every gateway node refuses
// the model within a second. An alias that moved while the directory still holds the previous version
// intact is not tampering: that is a `registry.stale` alert (re-pull), and no route is disabled.

import { randomUUID } from 'node:crypto';
import { recordAlert } from '../incidents/lifecycle.ts';
import { runAction } from '../incidents/actions.ts';
import type { IncidentStore } from '../incidents/store.ts';
import type { AlertSink } from '../monitor/alerts/sinks.ts';
import type { Alert, Severity } from '../monitor/types.ts';
import type { Flags } from '../state/index.ts';
import type { Store } from '../store/index.ts';
import { describeProblem, compareToStatement, type Problem } from './verify.ts';
import { type ResolvedVersion, resolveVersion } from './versions/history.ts';
import { migrateRegistry } from './versions/push.ts';

/**
 * What one check found: `intact` (the directory is the version the alias points at), `tampered` (it
 * differs, and is not an earlier version it held intact either), `stale` (the alias moved and the
 * directory still holds the version it matched before), `missing` (the alias does not resolve).
 */
export type ServingStatus = 'intact' | 'tampered' | 'stale' | 'missing';

export interface ServingCheck {
  readonly at: number;
  readonly ref: string;
  readonly status: ServingStatus;
  /** The version the alias points at (undefined when the alias does not exist). */
  readonly version?: number;
  readonly rootDigest?: string;
  /** When the alias moved since the previous check: the version it pointed at before. */
  readonly movedFrom?: number;
  /** For `stale`: the earlier version the directory still holds intact. */
  readonly holds?: number;
  readonly ok: boolean;
  /** Differences from the version the alias points at. */
  readonly problems: readonly Problem[];
  /** One line per finding, for logs and alerts. */
  readonly lines: readonly string[];
}

/**
 * Compares `dir` with the version `name@alias` points at now. `previous` is the version the directory
 * last matched: when the alias has moved away from it and the directory still matches it exactly, the
 * check says `stale` rather than `tampered`.
 */
export async function checkServing(
  store: Store,
  name: string,
  alias: string,
  dir: string,
  previous?: ResolvedVersion,
): Promise<ServingCheck> {
  await migrateRegistry(store);
  const at = Date.now();
  const ref = `${name}@${alias}`;
  const v = await resolveVersion(store, { name, alias });
  if (!v) {
    const message = `${ref} does not exist in the registry`;
    return {
      at,
      ref,
      status: 'missing',
      ok: false,
      problems: [{ kind: 'unsupported', message }],
      lines: [message],
    };
  }
  const moved = previous !== undefined && previous.version !== v.version;
  const movedLine = moved ? [`${ref} moved from version ${previous.version} to ${v.version}`] : [];
  const base = {
    at,
    ref,
    version: v.version,
    rootDigest: v.rootDigest,
    ...(moved ? { movedFrom: previous.version } : {}),
  };
  const c = await compareToStatement(dir, v.statement);
  if (c.problems.length === 0) return { ...base, status: 'intact', ok: true, problems: [], lines: movedLine };
  if (moved && (await compareToStatement(dir, previous.statement)).problems.length === 0)
    return {
      ...base,
      status: 'stale',
      holds: previous.version,
      ok: false,
      problems: c.problems,
      lines: [
        ...movedLine,
        `the directory still holds version ${previous.version} intact: pull ${ref} again`,
      ],
    };
  return {
    ...base,
    status: 'tampered',
    ok: false,
    problems: c.problems,
    lines: [...movedLine, ...c.problems.map(describeProblem)],
  };
}

export interface WatchOptions {
  readonly store: Store;
  readonly name: string;
  readonly alias: string;
  readonly dir: string;
  readonly intervalMs: number;
  /** Where alerts and incidents are recorded (the monitor's `store` sink); omit to not record. */
  readonly records?: IncidentStore;
  /** Severity at which a recorded alert opens an incident (the monitor's `incidents.openAt`). */
  readonly openAt?: Severity;
  /** The monitor's other sinks (log, webhooks): every alert is sent to each. */
  readonly sinks?: readonly AlertSink[];
  /** With `disableModels`, the flags the gateways read (in-process or Redis). */
  readonly flags?: Flags;
  /** Gateway models (routes) to disable when the directory is tampered with. */
  readonly disableModels?: readonly string[];
  readonly actor?: string;
  /** Called (and awaited) after every check with whether it raised an alert (the CLI prints it). */
  readonly onCheck?: (c: ServingCheck, alerted: boolean) => void | Promise<void>;
  /** A sink that failed (the watch goes on). */
  readonly onSinkError?: (sink: string, err: Error) => void;
  /** The store or the flags failed during a check or an alert (the watch goes on). */
  readonly onError?: (err: Error) => void;
  readonly signal?: AbortSignal;
  /** Stop after the first check. */
  readonly once?: boolean;
}

/**
 * Checks on a schedule until `signal` aborts (or once). Alerts once per distinct failure: the same
 * findings are not re-alerted every interval; a new one (another file, a moved alias) is, and a
 * directory that became intact again re-arms it. Returns the last check.
 *
 * @example
 * const stop = new AbortController();
 * await watchServing({ store, name: 'fraud', alias: 'production', dir: '/srv/model', intervalMs: 30_000,
 *   records, flags: state.flags, disableModels: ['fraud'], signal: stop.signal });
 */
export async function watchServing(o: WatchOptions): Promise<ServingCheck> {
  let lastAlerted = '';
  let matched: ResolvedVersion | undefined;
  let last: ServingCheck;
  for (;;) {
    try {
      last = await checkServing(o.store, o.name, o.alias, o.dir, matched);
      if (last.status === 'intact')
        matched = await resolveVersion(o.store, { name: o.name, version: last.version! });
    } catch (err) {
      // The store is unreachable: keep guarding the files against the version they last matched.
      const e = err instanceof Error ? err : new Error(String(err));
      o.onError?.(e);
      if (!matched) {
        if (o.once) throw e;
        await sleep(o.intervalMs, o.signal);
        if (o.signal?.aborted) throw e;
        continue;
      }
      last = await checkAgainst(matched, `${o.name}@${o.alias}`, o.dir, e.message);
    }
    let alerted = false;
    // What is wrong, not how it was found: an outage note or a changing error text is not a new finding.
    const signature = last.ok
      ? ''
      : `${last.status}:${last.version}:${last.problems.map(describeProblem).join('\n')}`;
    if (!last.ok && signature !== lastAlerted) {
      await raise(o, last);
      alerted = true;
    }
    lastAlerted = signature;
    await o.onCheck?.(last, alerted);
    if (o.once || o.signal?.aborted) return last;
    await sleep(o.intervalMs, o.signal);
    if (o.signal?.aborted) return last;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}

/** A check without the store: the directory against the version it last matched. */
async function checkAgainst(
  v: ResolvedVersion,
  ref: string,
  dir: string,
  why: string,
): Promise<ServingCheck> {
  const c = await compareToStatement(dir, v.statement);
  const note = `registry unreachable (${why.slice(0, 200)}): checked against version ${v.version}, which the directory last matched`;
  return {
    at: Date.now(),
    ref,
    status: c.problems.length === 0 ? 'intact' : 'tampered',
    version: v.version,
    rootDigest: v.rootDigest,
    ok: c.problems.length === 0,
    problems: c.problems,
    lines: [note, ...c.problems.map(describeProblem)],
  };
}

/** The alert a failed check raises: critical tampering, or a medium stale / missing notice. */
export function servingAlert(c: ServingCheck, dir: string, models: readonly string[]): Alert {
  const tampered = c.status === 'tampered';
  const kinds: Record<string, number> = {};
  for (const p of tampered ? c.problems : []) kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
  const what = tampered
    ? 'does not match the registry'
    : c.status === 'stale'
      ? `is stale (holds version ${c.holds})`
      : 'cannot be checked';
  const detector = tampered ? 'tamper.digest' : `registry.${c.status}`;
  const lines = c.lines.slice(0, 3).join('; ') + (c.lines.length > 3 ? ` (+${c.lines.length - 3} more)` : '');
  return {
    id: randomUUID(),
    count: 1,
    detector,
    severity: tampered ? 'critical' : 'medium',
    summary:
      `serving directory of ${c.ref}${c.version ? ` (version ${c.version})` : ''} ${what}: ${lines}`.slice(
        0,
        1000,
      ),
    evidence: {
      dir,
      ...(c.version ? { version: c.version, rootDigest: c.rootDigest! } : {}),
      ...(c.movedFrom ? { movedFrom: c.movedFrom } : {}),
      ...(c.holds ? { holds: c.holds } : {}),
      problems: c.problems.length,
      ...kinds,
    },
    identities: [],
    models: [...models],
    requestIds: [],
    at: c.at,
    key: `${detector}:${c.ref}:${dir}`,
  };
}

async function raise(o: WatchOptions, c: ServingCheck): Promise<void> {
  const report = (err: unknown) => o.onError?.(err instanceof Error ? err : new Error(String(err)));
  const disable = c.status === 'tampered' ? (o.disableModels ?? []) : [];
  const alert = servingAlert(c, o.dir, o.disableModels?.length ? o.disableModels : [o.name]);
  const sent = Promise.all(
    (o.sinks ?? []).map((s) => s.send(alert).catch((err: Error) => o.onSinkError?.(s.name, err))),
  );
  let incident: Awaited<ReturnType<typeof recordAlert>>;
  if (o.records)
    incident = await recordAlert(o.records, alert, o.openAt ?? 'high', c.at).catch((err: unknown) => {
      report(err);
      return undefined;
    });
  // The route is disabled even when the records cannot be written: the flag is what protects.
  const first = c.lines.find((l) => !l.startsWith('registry unreachable')) ?? '';
  const reason = `serving files of ${c.ref} changed: ${first}`.slice(0, 500);
  for (const model of o.flags ? disable : []) {
    try {
      if (!o.records) throw new Error('no records: the flag alone is set');
      await runAction(
        { store: o.store, records: o.records, flags: o.flags! },
        { action: 'disable', kind: 'model', id: model },
        {
          actor: o.actor ?? 'registry-watch',
          reason,
          ...(incident ? { incidentId: incident.id } : {}),
          now: c.at,
        },
      );
    } catch (err) {
      if (o.records) report(err);
      await o.flags!.set('model', model, { reason: `disable: ${reason}` }).catch(report);
    }
  }
  await sent;
}
