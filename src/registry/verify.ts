// verifyPath: check a model on disk against an OMS bundle and a trust policy, and list every reason
// it fails — a malformed bundle, a bad or untrusted signature, and each modified, added, removed or
// renamed file — so the CLI and the gateway can say exactly what is wrong.

import { basename, resolve } from 'node:path';
import { hashTree, toRootRelative } from './hash.ts';
import { diffFiles, type FileDifference, filesOf } from './lib/diff.ts';
import { normaliseIgnore, parseShardName, pathProblem } from './lib/paths.ts';
import { checkSignature, type Method, type SignatureProblem } from './lib/signature.ts';
import { rootDigest } from './manifest.ts';
import { type Bundle, bundleSchema, type Statement, statementSchema } from './schema.ts';
import type { TrustPolicy } from './trust.ts';

/** One reason a model fails verification. */
export type Problem =
  | FileDifference
  | SignatureProblem
  | { readonly kind: 'signature_missing'; readonly message: string }
  | { readonly kind: 'bundle_invalid'; readonly message: string }
  | { readonly kind: 'unsupported'; readonly message: string }
  | { readonly kind: 'root_mismatch'; readonly expected: string; readonly actual: string }
  | {
      readonly kind: 'refused';
      readonly path: string;
      readonly reason: 'symlink' | 'special_file' | 'not_utf8';
    }
  | { readonly kind: 'unreadable'; readonly path: string; readonly message: string };

export interface VerifyResult {
  /** True only when the signature is valid, the signer trusted for the artifact, and every file matches. */
  readonly ok: boolean;
  readonly artifact: string;
  readonly method?: Method;
  readonly signer?: { readonly name: string; readonly identity: string };
  /** The signed root digest (subject sha256), when the statement could be read. */
  readonly rootDigest?: string;
  readonly files: number;
  readonly bytes: number;
  readonly problems: readonly Problem[];
  /** Things the caller should know that are not failures (e.g. unchecked transparency log). */
  readonly notes: readonly string[];
}

export interface VerifyOptions {
  /** Name the trust policy's artifact patterns are matched against; default the path's basename. */
  readonly artifact?: string;
  /** The bundle file's path, left out of the enumeration when it lies inside the model. */
  readonly signaturePath?: string;
  /** More paths to leave out (root-relative, or absolute inside the root). */
  readonly ignorePaths?: readonly string[];
  /** Accept files present on disk but absent from the manifest (OMS --ignore-unsigned-files). */
  readonly ignoreUnsigned?: boolean;
  /** Clock for certificate validity; default now. */
  readonly now?: Date;
  readonly workers?: number;
  readonly progress?: boolean;
}

/**
 * Verifies the model at `path` against `bundle` (parsed JSON, JSON text, or undefined when the
 * signature file is missing) under `trust`.
 *
 * @example
 * const r = await verifyPath('./fraud-v3', readFileSync('fraud-v3.sig', 'utf8'), policy);
 * if (!r.ok) for (const p of r.problems) console.error(describeProblem(p));
 */
export async function verifyPath(
  path: string,
  bundle: unknown,
  trust: TrustPolicy,
  opts: VerifyOptions = {},
): Promise<VerifyResult> {
  const root = resolve(path);
  const artifact = opts.artifact ?? basename(root);
  const base = { artifact, files: 0, bytes: 0, notes: [] as string[] };
  const stop = (p: Problem): VerifyResult => ({ ...base, ok: false, problems: [p] });

  if (bundle === undefined || bundle === null)
    return stop({ kind: 'signature_missing', message: 'no signature bundle was given' });
  let raw = bundle;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      raw = JSON.parse(raw.toString());
    } catch (err) {
      return stop({
        kind: 'bundle_invalid',
        message: `not JSON: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  const parsed = bundleSchema.safeParse(raw);
  if (!parsed.success) return stop({ kind: 'bundle_invalid', message: issues(parsed.error.issues) });
  const b: Bundle = parsed.data;

  const problems: Problem[] = [];
  const sig = checkSignature(b, trust, artifact, opts.now ?? new Date());
  problems.push(...sig.problems);
  const head = { ...base, method: sig.method, signer: sig.signer, notes: sig.notes };

  const st = decodeStatement(b);
  if (!st.ok)
    return { ...head, ok: false, problems: [...problems, { kind: 'bundle_invalid', message: st.error }] };
  const statement = st.statement;
  const ser = statement.predicate.serialization;
  const signedRoot = statement.subject[0].digest.sha256;
  const withRoot = { ...head, rootDigest: signedRoot };

  const manifestProblem = checkManifest(statement);
  if (manifestProblem) return { ...withRoot, ok: false, problems: [...problems, manifestProblem] };
  if (ser.hash_type === 'blake3')
    return {
      ...withRoot,
      ok: false,
      problems: [...problems, { kind: 'unsupported', message: 'hash_type blake3 is not supported' }],
    };
  const computedRoot = rootDigest(statement.predicate.resources);
  if (signedRoot !== undefined && computedRoot !== signedRoot)
    problems.push({ kind: 'root_mismatch', expected: signedRoot, actual: computedRoot });

  const ignorePaths: string[] = [...(opts.ignorePaths ?? [])];
  if (opts.signaturePath) {
    const rel = toRootRelative(root, opts.signaturePath);
    if (rel !== undefined) ignorePaths.push(rel);
  }
  const c = await compareToStatement(root, statement, { ...opts, ignorePaths });
  problems.push(...c.problems);
  return { ...withRoot, ok: problems.length === 0, files: c.files, bytes: c.bytes, problems };
}

/**
 * Hashes the tree at `root` the way `statement` was made and names every difference from it
 * (modified, added, removed, renamed, refused, unreadable). No signature is involved: `verifyPath`
 * adds that; `registry watch` compares a serving directory with the version it should hold.
 */
export async function compareToStatement(
  root: string,
  statement: Statement,
  opts: Pick<VerifyOptions, 'ignorePaths' | 'ignoreUnsigned' | 'workers' | 'progress'> = {},
): Promise<{ problems: Problem[]; files: number; bytes: number }> {
  const ser = statement.predicate.serialization;
  if (ser.hash_type === 'blake3')
    return {
      files: 0,
      bytes: 0,
      problems: [{ kind: 'unsupported', message: 'hash_type blake3 is not supported' }],
    };
  const problems: Problem[] = [];
  const ignorePaths: string[] = [...(ser.ignore_paths ?? []), ...(opts.ignorePaths ?? [])];
  let tree: Awaited<ReturnType<typeof hashTree>>;
  try {
    tree = await hashTree(root, {
      method: ser.method,
      shardSize: ser.shard_size,
      hashType: ser.hash_type as 'sha256' | 'blake2b',
      ignorePaths,
      workers: opts.workers,
      progress: opts.progress,
      // More local resources than signed ones plus a margin cannot verify; stop before hashing them.
      maxResources: Math.min(1_000_000, statement.predicate.resources.length + 100_000),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const kind = err instanceof RangeError ? 'unsupported' : 'unreadable';
    return {
      files: 0,
      bytes: 0,
      problems: [kind === 'unsupported' ? { kind, message } : { kind, path: root, message }],
    };
  }
  for (const r of tree.refused) problems.push({ kind: 'refused', path: r.path, reason: r.reason });
  for (const u of tree.unreadable) problems.push({ kind: 'unreadable', path: u.name, message: u.error });

  const expected = filesOf(statement.predicate.resources, ser.method);
  const actual = filesOf(tree.resources, ser.method);
  for (const d of diffFiles(expected, actual)) {
    if (d.kind === 'added' && opts.ignoreUnsigned) continue;
    problems.push(d);
  }
  return { problems, files: tree.files.length, bytes: tree.bytes };
}

function decodeStatement(b: Bundle): { ok: true; statement: Statement } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(b.dsseEnvelope.payload, 'base64').toString('utf8'));
  } catch {
    return { ok: false, error: 'the DSSE payload is not base64 JSON' };
  }
  const s = statementSchema.safeParse(json);
  if (!s.success) return { ok: false, error: `statement: ${issues(s.error.issues)}` };
  return { ok: true, statement: s.data as Statement };
}

/** Structural rules the schema cannot express: safe names, one algorithm, valid shard suffixes. */
function checkManifest(st: Statement): Problem | undefined {
  const ser = st.predicate.serialization;
  if (st.predicate.resources.length === 0)
    return { kind: 'bundle_invalid', message: 'the manifest lists no resource' };
  for (const entry of ser.ignore_paths ?? []) {
    const n = normaliseIgnore(entry);
    if (!n.ok) return { kind: 'bundle_invalid', message: n.error };
  }
  const seen = new Set<string>();
  for (const r of st.predicate.resources) {
    if (r.algorithm !== ser.hash_type)
      return {
        kind: 'bundle_invalid',
        message: `${r.name}: algorithm ${r.algorithm} differs from hash_type ${ser.hash_type}`,
      };
    let file = r.name;
    if (ser.method === 'shards') {
      const s = parseShardName(r.name);
      if (!s)
        return { kind: 'bundle_invalid', message: `${r.name}: not a "<path>:<start>:<end>" shard name` };
      file = s.path;
    }
    const why = pathProblem(file);
    if (why) return { kind: 'bundle_invalid', message: `resource "${r.name}": ${why}` };
    if (seen.has(r.name)) return { kind: 'bundle_invalid', message: `resource "${r.name}" is listed twice` };
    seen.add(r.name);
  }
  return undefined;
}

function issues(list: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return list
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** One line per problem, for the CLI and logs. */
export function describeProblem(p: Problem): string {
  switch (p.kind) {
    case 'modified':
      return `modified: ${p.path}${p.ranges ? ` (ranges ${p.ranges.join(', ')})` : ''}`;
    case 'added':
      return `added (not signed): ${p.path}`;
    case 'removed':
      return `removed: ${p.path}`;
    case 'renamed':
      return `renamed: ${p.from} -> ${p.to}`;
    case 'refused':
      return `refused ${p.reason.replace('_', ' ')}: ${p.path}`;
    case 'unreadable':
      return `unreadable: ${p.path}: ${p.message}`;
    case 'root_mismatch':
      return `root digest mismatch: signed ${p.expected}, manifest gives ${p.actual}`;
    default:
      return `${p.kind.replace('_', ' ')}: ${p.message}`;
  }
}
