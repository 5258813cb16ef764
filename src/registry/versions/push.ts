// pushArtifact: hash a model or dataset, store its files as content-addressed blobs, and record an
// immutable version bound to the OMS root digest (optionally with a signature bundle). Pushing the
// same content again returns the existing version; the `latest` alias moves to every new version.

import { type Severity, scanPath, severityRank } from '../../scan/index.ts';
import type { Store } from '../../store/index.ts';
import { hashTree } from '../hash.ts';
import { buildManifest } from '../manifest.ts';
import type { Bundle, Statement } from '../schema.ts';
import { type Signer, signManifest } from '../sign.ts';
import { type Blobs, putBlob } from './blobs.ts';
import { checkProvenance, type Lineage, type Metadata, parseMetadata } from './metadata.ts';
import { REGISTRY_MIGRATIONS } from './migrations.ts';
import { nameProblem, parseRef } from './names.ts';

export type ArtifactKind = 'model' | 'dataset';

export interface PushOptions {
  readonly path: string;
  readonly name: string;
  readonly kind?: ArtifactKind;
  /** Root of the content-addressed blob directory (with its encryption, if configured). */
  readonly blobDir: Blobs;
  /** Who pushed (recorded in the version and the history). */
  readonly actor: string;
  /** Sign the manifest and keep the bundle with the version. */
  readonly signer?: Signer;
  readonly ignorePaths?: readonly string[];
  readonly progress?: boolean;
  /**
   * Model-file scan before anything is stored (models only; datasets are not loaded as code). A finding
   * at or above `failOn` refuses the push. Default `high`: code execution, process spawn, file or network
   * access. `false` skips the scan (recorded as not scanned).
   */
  readonly scan?: { readonly failOn: Severity } | false;
  /** Clock, for tests; default Date.now. */
  readonly now?: () => number;
  /** What the version says about itself (validated; datasets resolved to exact versions). */
  readonly metadata?: unknown;
  /** SLSA v1 provenance (in-toto statement or DSSE envelope); its subject must be this content. */
  readonly provenance?: unknown;
}

export interface PushedVersion {
  readonly name: string;
  readonly kind: ArtifactKind;
  readonly version: number;
  readonly rootDigest: string;
  readonly files: number;
  readonly bytes: number;
  /** False when identical content was already a version of this artifact. */
  readonly created: boolean;
  /** Blobs newly written (the rest were already stored). */
  readonly blobsStored: number;
  readonly bundle?: Bundle;
  /** What the scan found (absent when not scanned). */
  readonly scan?: ScanSummary;
  /** Datasets this version was trained on, as exact versions. */
  readonly lineage?: readonly Lineage[];
}

export interface ScanSummary {
  readonly worst: Severity | null;
  readonly findings: number;
  /** Distinct rules that fired, e.g. `pickle.unsafe_global`. */
  readonly rules: readonly string[];
}

export type PushResult = { ok: true; pushed: PushedVersion } | { ok: false; error: string };

/** Applies the registry's migrations (idempotent). */
export async function migrateRegistry(store: Store): Promise<void> {
  await store.sql.migrate('registry', REGISTRY_MIGRATIONS);
}

/**
 * Pushes `opts.path` as a new version of `opts.name`.
 *
 * @example
 * const r = await pushArtifact(store, { path: './fraud-v3', name: 'fraud', blobDir: '.parapet/registry', actor: 'ci' });
 * if (r.ok) console.log(`fraud@${r.pushed.version} sha256:${r.pushed.rootDigest}`);
 */
export async function pushArtifact(store: Store, opts: PushOptions): Promise<PushResult> {
  const np = nameProblem(opts.name);
  if (np) return { ok: false, error: np };
  const kind = opts.kind ?? 'model';
  const now = opts.now ?? Date.now;
  let metadata: Metadata | undefined;
  if (opts.metadata !== undefined) {
    const m = parseMetadata(opts.metadata);
    if (!m.ok) return m;
    metadata = m.metadata;
  }

  let scan: ScanSummary | undefined;
  if (kind === 'model' && opts.scan !== false) {
    const failOn = opts.scan?.failOn ?? 'high';
    const report = await scanPath(opts.path);
    scan = {
      worst: report.worst,
      findings: report.findings.length,
      rules: [...new Set(report.findings.map((f) => f.rule))],
    };
    const blocking = report.findings.filter((f) => severityRank(f.severity) >= severityRank(failOn));
    if (blocking.length > 0) {
      const shown = blocking
        .slice(0, 5)
        .map(
          (f) =>
            `${f.file}@${f.offset}: ${f.severity} ${f.rule}${f.module ? ` ${f.module}.${f.name ?? ''}` : ''}`,
        );
      return {
        ok: false,
        error: `refused: the model-file scan found ${blocking.length} finding(s) at or above ${failOn}:\n  ${shown.join('\n  ')}`,
      };
    }
  }

  const tree = await hashTree(opts.path, { ignorePaths: opts.ignorePaths, progress: opts.progress });
  const m = buildManifest(tree, { name: opts.name });
  if (!m.ok) return m;
  const statement: Statement = m.statement;
  let provenance: ReturnType<typeof checkProvenance> | undefined;
  if (opts.provenance !== undefined) {
    provenance = checkProvenance(opts.provenance, statement);
    if (!provenance.ok) return provenance;
  }
  await migrateRegistry(store);
  const lineage: Lineage[] = [];
  for (const d of metadata?.datasets ?? []) {
    const l = await resolveDataset(store, d);
    if (!l.ok) return l;
    lineage.push(l.lineage);
  }
  let bundle: Bundle | undefined;
  if (opts.signer) {
    const s = signManifest(statement, opts.signer);
    if (!s.ok) return s;
    bundle = s.bundle;
  }

  const byName = new Map(tree.files.map((f) => [f.name, f]));
  let blobsStored = 0;
  for (const r of statement.predicate.resources) {
    const f = byName.get(r.name);
    if (!f) return { ok: false, error: `internal: ${r.name} missing from the listing` };
    const abs = tree.single ? tree.root : `${tree.root}/${r.name}`;
    const put = await putBlob(opts.blobDir, abs, r.digest);
    if (!put.ok) return put;
    if (put.stored) blobsStored++;
  }

  const sql = store.sql;
  const t = now();
  await sql.execute(
    'INSERT INTO registry_artifacts (name, kind, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
    [opts.name, kind, t],
  );
  const art = await sql.query<{ kind: string }>('SELECT kind FROM registry_artifacts WHERE name = $1', [
    opts.name,
  ]);
  if (art[0]?.kind !== kind)
    return { ok: false, error: `${opts.name} is a ${art[0]?.kind ?? '?'}, not a ${kind}` };

  const rootDigest = statement.subject[0].digest.sha256;
  const base = {
    name: opts.name,
    kind,
    rootDigest,
    files: tree.files.length,
    bytes: tree.bytes,
    blobsStored,
    bundle,
    ...(scan ? { scan } : {}),
    ...(lineage.length ? { lineage } : {}),
  };
  const existing = await versionOf(store, opts.name, rootDigest);
  if (existing !== undefined) return { ok: true, pushed: { ...base, version: existing, created: false } };

  // Version numbers come from MAX+1 in the INSERT itself; two concurrent pushes collide on the
  // primary key and the loser retries with the next number.
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      await sql.execute(
        `INSERT INTO registry_versions (name, version, root_digest, statement, bundle, files, bytes, created_at, created_by, scan, metadata, provenance)
         SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM registry_versions WHERE name = $1`,
        [
          opts.name,
          rootDigest,
          JSON.stringify(statement),
          bundle ? JSON.stringify(bundle) : null,
          tree.files.length,
          tree.bytes,
          t,
          opts.actor,
          scan ? JSON.stringify(scan) : null,
          metadata ? JSON.stringify({ ...metadata, ...(lineage.length ? { lineage } : {}) }) : null,
          provenance?.ok ? JSON.stringify(provenance.provenance) : null,
        ],
      );
      break;
    } catch (err) {
      const again = await versionOf(store, opts.name, rootDigest);
      if (again !== undefined) return { ok: true, pushed: { ...base, version: again, created: false } };
      if (attempt === 7) throw err;
    }
  }
  const version = (await versionOf(store, opts.name, rootDigest))!;
  for (const l of lineage)
    await sql.execute(
      'INSERT INTO registry_lineage (name, version, dataset, dataset_version) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [opts.name, version, l.name, l.version],
    );
  await moveAlias(store, opts.name, 'latest', version, t, true);
  await sql.execute(
    'INSERT INTO registry_events (name, at, action, alias, version, from_version, actor) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [opts.name, t, 'push', 'latest', version, null, opts.actor],
  );
  return { ok: true, pushed: { ...base, version, created: true } };
}

/** Resolves a dataset reference of the metadata to an exact version of a registered dataset. */
async function resolveDataset(
  store: Store,
  text: string,
): Promise<{ ok: true; lineage: Lineage } | { ok: false; error: string }> {
  const ref = parseRef(text);
  if (!ref.ok) return ref;
  const { name } = ref.ref;
  const rows = await store.sql.query<{ kind: string; version: number | null }>(
    ref.ref.version !== undefined
      ? `SELECT a.kind, v.version FROM registry_artifacts a
           LEFT JOIN registry_versions v ON v.name = a.name AND v.version = $2 WHERE a.name = $1`
      : `SELECT a.kind, l.version FROM registry_artifacts a
           LEFT JOIN registry_aliases l ON l.name = a.name AND l.alias = $2 WHERE a.name = $1`,
    [name, ref.ref.version ?? ref.ref.alias!],
  );
  const row = rows[0];
  if (!row)
    return { ok: false, error: `metadata: dataset ${text}: no artifact named ${name} in the registry` };
  if (row.kind !== 'dataset')
    return { ok: false, error: `metadata: dataset ${text}: ${name} is a ${row.kind}, not a dataset` };
  if (row.version === null || row.version === undefined)
    return { ok: false, error: `metadata: dataset ${text}: ${name} has no such version` };
  return { ok: true, lineage: { name, version: Number(row.version) } };
}

async function versionOf(store: Store, name: string, rootDigest: string): Promise<number | undefined> {
  const r = await store.sql.query<{ version: number }>(
    'SELECT version FROM registry_versions WHERE name = $1 AND root_digest = $2',
    [name, rootDigest],
  );
  return r[0] === undefined ? undefined : Number(r[0].version);
}

/**
 * Points `alias` of `name` at `version` (insert or move). With `forwardOnly` an existing alias only
 * moves to a higher version, so concurrent pushes leave `latest` on the newest one.
 */
export async function moveAlias(
  store: Store,
  name: string,
  alias: string,
  version: number,
  at: number,
  forwardOnly = false,
): Promise<void> {
  await store.sql.execute(
    `INSERT INTO registry_aliases (name, alias, version, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at
     ${forwardOnly ? 'WHERE registry_aliases.version < excluded.version' : ''}`,
    [name, alias, version, at],
  );
}
