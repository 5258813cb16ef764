// Mapping between database rows (snake_case, JSON text columns) and the store's row types, shared by
// both dialects so they cannot drift apart.

import type { AuditFilter, AuditRow, CheckpointRow, KeyRow, SqlValue } from '../types.ts';

export const AUDIT_COLUMNS = 'node, seq, prev_hash, hash, ts, request_id, identity_id, model, decision, body';
export const CHECKPOINT_COLUMNS = 'node, seq, hash, signed_at, key_id, public_key, signature';
export const KEY_COLUMNS =
  'id, name, roles, models, tenant, secret_hash, created_at, expires_at, last_used_at, revoked_at';

type Raw = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

export function auditFromRaw(r: Raw): AuditRow {
  return {
    node: r.node as string,
    seq: num(r.seq),
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
    ts: num(r.ts),
    requestId: r.request_id as string,
    identityId: r.identity_id as string,
    model: (r.model as string | null) ?? null,
    decision: r.decision as string,
    body: r.body as string,
  };
}

export function checkpointFromRaw(r: Raw): CheckpointRow {
  return {
    node: r.node as string,
    seq: num(r.seq),
    hash: r.hash as string,
    signedAt: num(r.signed_at),
    keyId: r.key_id as string,
    publicKey: r.public_key as string,
    signature: r.signature as string,
  };
}

export function checkpointParams(cp: CheckpointRow): SqlValue[] {
  return [cp.node, cp.seq, cp.hash, cp.signedAt, cp.keyId, cp.publicKey, cp.signature];
}

export function keyFromRaw(r: Raw): KeyRow {
  return {
    id: r.id as string,
    name: r.name as string,
    roles: JSON.parse(r.roles as string) as string[],
    models: JSON.parse(r.models as string) as string[],
    tenant: (r.tenant as string | null) ?? null,
    secretHash: r.secret_hash as string,
    createdAt: num(r.created_at),
    expiresAt: numOrNull(r.expires_at),
    lastUsedAt: numOrNull(r.last_used_at),
    revokedAt: numOrNull(r.revoked_at),
  };
}

export function keyParams(k: KeyRow): SqlValue[] {
  return [
    k.id,
    k.name,
    JSON.stringify(k.roles),
    JSON.stringify(k.models),
    k.tenant,
    k.secretHash,
    k.createdAt,
    k.expiresAt,
    k.lastUsedAt,
    k.revokedAt,
  ];
}

/** WHERE clause and parameters for an audit query, `$n` style. */
export function auditWhere(f: AuditFilter): { where: string; params: SqlValue[] } {
  const conds: string[] = [];
  const params: SqlValue[] = [];
  const add = (sql: string, v: SqlValue): void => {
    params.push(v);
    conds.push(`${sql} $${params.length}`);
  };
  if (f.node !== undefined) add('node =', f.node);
  if (f.identityId !== undefined) add('identity_id =', f.identityId);
  if (f.model !== undefined) add('model =', f.model);
  if (f.decision !== undefined) add('decision =', f.decision);
  if (f.since !== undefined) add('ts >=', f.since);
  if (f.until !== undefined) add('ts <', f.until);
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}
