// Verifies the audit log: every node's chain is complete, linked and unmodified, its index columns
// agree with the hashed bodies, and every signed checkpoint matches the chain (which also catches
// records deleted from the tail). Names the first bad record of each node.

import { createPublicKey, type KeyObject } from 'node:crypto';
import type { AuditRow, CheckpointRow, Store } from '../store/index.ts';
import type { AuditEvent } from './event.ts';
import { canonicalJson } from './lib/canonical.ts';
import { chainHash, GENESIS, indexColumns } from './lib/chain.ts';
import { keyId, verifyCheckpointSignature } from './lib/signing.ts';

export type ProblemKind =
  | 'missing' // a seq is absent: records were deleted
  | 'modified' // the body no longer hashes to the stored hash
  | 'broken_link' // prev_hash is not the previous record's hash: inserted, reordered or rewritten
  | 'malformed' // the body is not the canonical JSON of an event of this node
  | 'index_mismatch' // a query column disagrees with the hashed body
  | 'checkpoint_mismatch' // a signed checkpoint names a different hash for this seq
  | 'truncated' // a signed checkpoint is past the end of the chain: tail records were deleted
  | 'bad_signature' // a checkpoint's signature does not verify
  | 'untrusted_key'; // a checkpoint is signed by a key that is not trusted

export interface VerifyProblem {
  readonly node: string;
  readonly seq: number;
  readonly kind: ProblemKind;
  readonly message: string;
}

export interface NodeSummary {
  readonly node: string;
  /** Records checked (up to the first problem). */
  readonly records: number;
  readonly lastSeq: number;
  readonly checkpoints: number;
  readonly lastCheckpointSeq: number;
  readonly problem?: VerifyProblem;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly nodes: readonly NodeSummary[];
  /** The first problem found (nodes in name order), if any. */
  readonly problem?: VerifyProblem;
  /** Whether checkpoint signers were checked against trusted keys, not just the keys stored beside them. */
  readonly keysPinned: boolean;
}

export interface VerifyOptions {
  /** Only this node's chain. */
  readonly node?: string;
  /** Public keys whose checkpoints are trusted; without them any stored signer is accepted. */
  readonly trustedKeys?: readonly KeyObject[];
  /** Rows read per query (default 2000). */
  readonly pageSize?: number;
}

/** Verifies the chains in `store`. Read-only; safe while gateways write. */
export async function verifyAuditLog(store: Store, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const trusted = opts.trustedKeys ? new Set(opts.trustedKeys.map(keyId)) : undefined;
  const nodes = opts.node ? [opts.node] : await store.audit.nodes();
  const summaries: NodeSummary[] = [];
  for (const node of nodes) summaries.push(await verifyNode(store, node, trusted, opts.pageSize ?? 2000));
  const problem = summaries.find((s) => s.problem)?.problem;
  return { ok: !problem, nodes: summaries, problem, keysPinned: trusted !== undefined };
}

function checkpointProblem(cp: CheckpointRow, trusted: Set<string> | undefined): VerifyProblem | undefined {
  const at = (kind: ProblemKind, message: string): VerifyProblem => ({
    node: cp.node,
    seq: cp.seq,
    kind,
    message,
  });
  let key: KeyObject;
  try {
    key = createPublicKey(cp.publicKey);
  } catch {
    return at('bad_signature', `checkpoint at seq ${cp.seq} carries an unreadable public key`);
  }
  if (keyId(key) !== cp.keyId)
    return at('bad_signature', `checkpoint at seq ${cp.seq}: key id does not match its key`);
  if (trusted && !trusted.has(cp.keyId))
    return at('untrusted_key', `checkpoint at seq ${cp.seq} is signed by untrusted key ${cp.keyId}`);
  let valid: boolean;
  try {
    valid = verifyCheckpointSignature(key, cp.node, cp.seq, cp.hash, cp.signature);
  } catch {
    valid = false;
  }
  return valid ? undefined : at('bad_signature', `checkpoint at seq ${cp.seq}: signature does not verify`);
}

function rowProblem(row: AuditRow, expectedSeq: number, prevHash: string): VerifyProblem | undefined {
  const at = (kind: ProblemKind, seq: number, message: string): VerifyProblem => ({
    node: row.node,
    seq,
    kind,
    message,
  });
  if (row.seq !== expectedSeq) {
    const gap = expectedSeq === row.seq - 1 ? `${expectedSeq}` : `${expectedSeq}-${row.seq - 1}`;
    return at('missing', expectedSeq, `record(s) ${gap} missing: deleted`);
  }
  if (row.prevHash !== prevHash)
    return at(
      'broken_link',
      row.seq,
      `prev_hash does not match the hash of seq ${row.seq - 1}: a record was inserted, reordered or rewritten`,
    );
  if (chainHash(row.prevHash, row.body) !== row.hash)
    return at('modified', row.seq, 'the record does not hash to its stored hash: it was modified');
  let event: AuditEvent;
  try {
    event = JSON.parse(row.body) as AuditEvent;
    if (canonicalJson(event) !== row.body) throw new Error('not canonical');
  } catch {
    return at('malformed', row.seq, 'the record body is not canonical JSON');
  }
  if (event.node !== row.node) return at('malformed', row.seq, `the event names node "${event.node}"`);
  let cols: ReturnType<typeof indexColumns>;
  try {
    cols = indexColumns(event);
  } catch {
    return at('malformed', row.seq, 'the event has an invalid time');
  }
  for (const k of ['ts', 'requestId', 'identityId', 'model', 'decision'] as const)
    if (cols[k] !== row[k])
      return at('index_mismatch', row.seq, `column ${k} disagrees with the hashed event`);
  return undefined;
}

async function verifyNode(
  store: Store,
  node: string,
  trusted: Set<string> | undefined,
  pageSize: number,
): Promise<NodeSummary> {
  const cps = await store.audit.checkpoints(node);
  const bySeq = new Map(cps.map((c) => [c.seq, c]));
  const lastCheckpointSeq = cps.at(-1)?.seq ?? 0;
  let expected = 1;
  let prevHash = GENESIS;
  let records = 0;
  const done = (problem?: VerifyProblem): NodeSummary => ({
    node,
    records,
    lastSeq: expected - 1,
    checkpoints: cps.length,
    lastCheckpointSeq,
    problem,
  });

  for (;;) {
    const page = await store.audit.range(node, expected - 1, pageSize);
    for (const row of page) {
      const bad = rowProblem(row, expected, prevHash);
      if (bad) return done(bad);
      const cp = bySeq.get(row.seq);
      if (cp) {
        const cpBad = checkpointProblem(cp, trusted);
        if (cpBad) return done(cpBad);
        if (cp.hash !== row.hash)
          return done({
            node,
            seq: row.seq,
            kind: 'checkpoint_mismatch',
            message: `the signed checkpoint at seq ${row.seq} names a different hash: the chain was rewritten`,
          });
      }
      records++;
      expected++;
      prevHash = row.hash;
    }
    if (page.length < pageSize) break;
  }
  // The gap check above only sees gaps between records; deletions from the end show against checkpoints.
  const beyond = cps.find((c) => c.seq >= expected);
  if (beyond) {
    const cpBad = checkpointProblem(beyond, trusted);
    return done(
      cpBad ?? {
        node,
        seq: expected,
        kind: 'truncated',
        message: `the chain ends at seq ${expected - 1} but a signed checkpoint covers seq ${beyond.seq}: tail records deleted`,
      },
    );
  }
  return done();
}
