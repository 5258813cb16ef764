// Reading and moving versions: resolve `name@v` / `name@alias`, list an artifact's versions, aliases
// and events, point an alias at another version, and roll an alias back. Versions themselves never
// change; a rollback only moves an alias and is recorded in the history.

import type { Store } from '../../store/index.ts';
import type { Bundle, Statement } from '../schema.ts';
import { aliasProblem, type Ref } from './names.ts';
import type { Lineage, Metadata } from './metadata.ts';
import { migrateRegistry, moveAlias, type ScanSummary } from './push.ts';

export interface VersionRecord {
  readonly name: string;
  readonly version: number;
  readonly rootDigest: string;
  readonly files: number;
  readonly bytes: number;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly signed: boolean;
  /** Owner, purpose, datasets (lineage), code revision, hyper-parameters, data categories, licence, source. */
  readonly metadata?: Metadata & { readonly lineage?: readonly Lineage[] };
  /** SLSA provenance summary: builder, build type, how its subject matched. */
  readonly provenance?: { readonly builder: string; readonly buildType: string; readonly matched: string };
  readonly scan?: ScanSummary;
}

export interface HistoryEvent {
  readonly at: number;
  readonly action: 'push' | 'alias' | 'promote' | 'promote_blocked' | 'rollback' | 'assess';
  readonly alias: string | null;
  readonly version: number | null;
  readonly fromVersion: number | null;
  readonly actor: string;
  /** Gate checks of a promotion (or why it was blocked); risk of an assessment. */
  readonly detail?: unknown;
}

export interface ArtifactHistory {
  readonly name: string;
  readonly kind: string;
  readonly versions: readonly VersionRecord[];
  readonly aliases: Readonly<Record<string, number>>;
  readonly events: readonly HistoryEvent[];
}

type Raw = Record<string, unknown>;
const num = (v: unknown): number => Number(v);

function toVersion(r: Raw): VersionRecord {
  return {
    name: String(r.name),
    version: num(r.version),
    rootDigest: String(r.root_digest),
    files: num(r.files),
    bytes: num(r.bytes),
    createdAt: num(r.created_at),
    createdBy: String(r.created_by),
    signed: r.bundle !== null && r.bundle !== undefined,
    ...(r.metadata ? { metadata: JSON.parse(String(r.metadata)) as VersionRecord['metadata'] } : {}),
    ...(r.provenance
      ? {
          provenance: (({ builder, buildType, matched }) => ({ builder, buildType, matched }))(
            JSON.parse(String(r.provenance)) as { builder: string; buildType: string; matched: string },
          ),
        }
      : {}),
    ...(r.scan ? { scan: JSON.parse(String(r.scan)) as ScanSummary } : {}),
  };
}

const VERSION_COLUMNS =
  'name, version, root_digest, files, bytes, created_at, created_by, bundle, metadata, provenance, scan';

/** Everything recorded about `name`, or undefined when it was never pushed. */
export async function artifactHistory(store: Store, name: string): Promise<ArtifactHistory | undefined> {
  await migrateRegistry(store);
  const art = await store.sql.query<Raw>('SELECT kind FROM registry_artifacts WHERE name = $1', [name]);
  if (!art[0]) return undefined;
  const versions = (
    await store.sql.query<Raw>(
      `SELECT ${VERSION_COLUMNS} FROM registry_versions WHERE name = $1 ORDER BY version`,
      [name],
    )
  ).map(toVersion);
  const aliases: Record<string, number> = {};
  for (const a of await store.sql.query<Raw>(
    'SELECT alias, version FROM registry_aliases WHERE name = $1 ORDER BY alias',
    [name],
  ))
    aliases[String(a.alias)] = num(a.version);
  const events = (
    await store.sql.query<Raw>(
      'SELECT at, action, alias, version, from_version, actor, detail FROM registry_events WHERE name = $1 ORDER BY id',
      [name],
    )
  ).map((e) => ({
    at: num(e.at),
    action: String(e.action) as HistoryEvent['action'],
    alias: e.alias === null ? null : String(e.alias),
    version: e.version === null ? null : num(e.version),
    fromVersion: e.from_version === null ? null : num(e.from_version),
    actor: String(e.actor),
    ...(e.detail ? { detail: JSON.parse(String(e.detail)) as unknown } : {}),
  }));
  return { name, kind: String(art[0].kind), versions, aliases, events };
}

/** Names and kinds of every artifact with its `latest` version. */
export async function listArtifacts(
  store: Store,
): Promise<{ name: string; kind: string; latest: number | null }[]> {
  await migrateRegistry(store);
  const rows = await store.sql.query<Raw>(
    `SELECT a.name, a.kind, l.version FROM registry_artifacts a
     LEFT JOIN registry_aliases l ON l.name = a.name AND l.alias = 'latest' ORDER BY a.name`,
  );
  return rows.map((r) => ({
    name: String(r.name),
    kind: String(r.kind),
    latest: r.version === null ? null : num(r.version),
  }));
}

export interface ResolvedVersion extends VersionRecord {
  readonly statement: Statement;
  readonly bundle?: Bundle;
}

/** The version a reference names (`name` means `name@latest`), with its statement and bundle. */
/**
 * The version and root digest an alias points at, in one query — for the gateway's per-call lookup of a
 * pinned model (call migrateRegistry once first). Undefined when the alias does not exist.
 */
export async function resolveAlias(
  store: Store,
  name: string,
  alias: string,
): Promise<{ version: number; rootDigest: string } | undefined> {
  const r = await store.sql.query<Raw>(
    `SELECT v.version, v.root_digest FROM registry_aliases a
       JOIN registry_versions v ON v.name = a.name AND v.version = a.version
      WHERE a.name = $1 AND a.alias = $2`,
    [name, alias],
  );
  return r[0] ? { version: num(r[0].version), rootDigest: String(r[0].root_digest) } : undefined;
}

export async function resolveVersion(store: Store, ref: Ref): Promise<ResolvedVersion | undefined> {
  await migrateRegistry(store);
  let version = ref.version;
  if (version === undefined) {
    const a = await store.sql.query<Raw>(
      'SELECT version FROM registry_aliases WHERE name = $1 AND alias = $2',
      [ref.name, ref.alias ?? 'latest'],
    );
    if (!a[0]) return undefined;
    version = num(a[0].version);
  }
  const r = await store.sql.query<Raw>(
    `SELECT ${VERSION_COLUMNS}, statement FROM registry_versions WHERE name = $1 AND version = $2`,
    [ref.name, version],
  );
  if (!r[0]) return undefined;
  return {
    ...toVersion(r[0]),
    statement: JSON.parse(String(r[0].statement)) as Statement,
    ...(r[0].bundle ? { bundle: JSON.parse(String(r[0].bundle)) as Bundle } : {}),
  };
}

export type MoveResult = { ok: true; from: number | null; to: number } | { ok: false; error: string };

/**
 * Points `alias` of `name` at `version` and records it. `action` `rollback` is the same move, named
 * for the history (and refused unless the target is older than the alias's current version).
 */
export async function setAlias(
  store: Store,
  name: string,
  alias: string,
  version: number,
  actor: string,
  action: 'alias' | 'promote' | 'rollback' = 'alias',
  now: () => number = Date.now,
  detail?: unknown,
): Promise<MoveResult> {
  const ap = aliasProblem(alias);
  if (ap) return { ok: false, error: ap };
  await migrateRegistry(store);
  const v = await store.sql.query<Raw>(
    'SELECT 1 AS x FROM registry_versions WHERE name = $1 AND version = $2',
    [name, version],
  );
  if (!v[0]) return { ok: false, error: `${name} has no version ${version}` };
  const cur = await store.sql.query<Raw>(
    'SELECT version FROM registry_aliases WHERE name = $1 AND alias = $2',
    [name, alias],
  );
  const from = cur[0] ? num(cur[0].version) : null;
  if (action === 'rollback' && (from === null || version >= from))
    return {
      ok: false,
      error: `rollback moves ${alias} back: ${name}@${alias} is ${from ?? 'unset'}, target ${version}`,
    };
  const t = now();
  await moveAlias(store, name, alias, version, t);
  await store.sql.execute(
    'INSERT INTO registry_events (name, at, action, alias, version, from_version, actor, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [name, t, action, alias, version, from, actor, detail === undefined ? null : JSON.stringify(detail)],
  );
  return { ok: true, from, to: version };
}

/** The dataset versions `name@version` was trained on, and the model versions trained on it. */
export async function lineageOf(
  store: Store,
  name: string,
  version: number,
): Promise<{ trainedOn: Lineage[]; usedBy: Lineage[] }> {
  await migrateRegistry(store);
  const trainedOn = await store.sql.query<Raw>(
    'SELECT dataset, dataset_version FROM registry_lineage WHERE name = $1 AND version = $2 ORDER BY dataset, dataset_version',
    [name, version],
  );
  const usedBy = await store.sql.query<Raw>(
    'SELECT name, version FROM registry_lineage WHERE dataset = $1 AND dataset_version = $2 ORDER BY name, version',
    [name, version],
  );
  return {
    trainedOn: trainedOn.map((r) => ({ name: String(r.dataset), version: num(r.dataset_version) })),
    usedBy: usedBy.map((r) => ({ name: String(r.name), version: num(r.version) })),
  };
}

/**
 * When `name@version` first held `alias` (pushed as `latest`, or moved there by alias, promote or
 * rollback), from the append-only events; undefined when it never did.
 */
export async function heldSince(
  store: Store,
  name: string,
  alias: string,
  version: number,
): Promise<number | undefined> {
  const r = await store.sql.query<Raw>(
    `SELECT MIN(at) AS at FROM registry_events
      WHERE name = $1 AND alias = $2 AND version = $3 AND action IN ('push', 'alias', 'promote', 'rollback')`,
    [name, alias, version],
  );
  return r[0]?.at === null || r[0]?.at === undefined ? undefined : num(r[0].at);
}

/** The newest version below `below` that held `alias` (the natural rollback target), if any. */
export async function previousHolder(
  store: Store,
  name: string,
  alias: string,
  below: number,
): Promise<number | undefined> {
  const r = await store.sql.query<Raw>(
    `SELECT MAX(version) AS v FROM registry_events
      WHERE name = $1 AND alias = $2 AND version < $3 AND action IN ('push', 'alias', 'promote', 'rollback')`,
    [name, alias, below],
  );
  return r[0]?.v === null || r[0]?.v === undefined ? undefined : num(r[0].v);
}

/**
 * Moves `alias` (default `latest`) of `name` back to the earlier version `to`, which must have held the
 * alias before: a rollback never takes an alias to a version that did not pass its gates. (The full
 * check, blobs and signature included, is rollbackVerified.)
 */
export async function rollback(
  store: Store,
  name: string,
  to: number,
  actor: string,
  alias = 'latest',
): Promise<MoveResult> {
  await migrateRegistry(store);
  if ((await heldSince(store, name, alias, to)) === undefined)
    return {
      ok: false,
      error: `${name}@${to} never held ${alias}: a rollback goes only to a version that did`,
    };
  return setAlias(store, name, alias, to, actor, 'rollback');
}
