// The hash chain's arithmetic: how an event becomes a stored row at a position in its node's chain,
// and the index columns derived from it (which verify checks against the body).

import { createHash } from 'node:crypto';
import type { AuditRow } from '../../store/index.ts';
import type { AuditEvent, ChainedEvent } from '../event.ts';
import { canonicalJson } from './canonical.ts';

/** prevHash of a chain's first record. */
export const GENESIS = '0'.repeat(64);

/** SHA-256 hex of the previous hash (its 64 hex characters) followed by the canonical JSON body. */
export function chainHash(prevHash: string, body: string): string {
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

export interface IndexColumns {
  readonly ts: number;
  readonly requestId: string;
  readonly identityId: string;
  readonly model: string | null;
  readonly decision: string;
}

/** Longest value kept in a query column (the body keeps the full value). */
export const INDEX_MAX = 256;

/**
 * A caller-influenced string made safe for a query column: NUL (which PostgreSQL text refuses) and
 * lone surrogates (which both databases would silently replace) become U+FFFD, and the length is
 * bounded so no value can overflow an index entry. Without this one hostile model name could make a
 * whole group commit fail.
 */
function columnText(s: string): string {
  const bounded = s.length > INDEX_MAX ? s.slice(0, INDEX_MAX) : s;
  return (bounded as unknown as { toWellFormed(): string }).toWellFormed().replaceAll('\0', '\uFFFD');
}

/** The columns queries filter on, derived from the event. Throws (a bug) on an unparseable time. */
export function indexColumns(event: AuditEvent): IndexColumns {
  const ts = Date.parse(event.time);
  if (Number.isNaN(ts))
    throw new TypeError(`audit event ${event.requestId} has an invalid time "${event.time}"`);
  return {
    ts,
    requestId: columnText(event.requestId),
    identityId: columnText(event.identity.id),
    model: event.request.model === undefined ? null : columnText(event.request.model),
    decision: event.decision,
  };
}

/** An event prepared for chaining: serialised once, when it is recorded. */
export interface Prepared extends IndexColumns {
  readonly node: string;
  readonly body: string;
}

export function prepare(event: AuditEvent): Prepared {
  return { node: event.node, body: canonicalJson(event), ...indexColumns(event) };
}

/** Places a prepared event at `seq` after `prevHash`. */
export function link(p: Prepared, seq: number, prevHash: string): AuditRow {
  return { ...p, seq, prevHash, hash: chainHash(prevHash, p.body) };
}

export function toChained(row: AuditRow): ChainedEvent {
  return {
    node: row.node,
    seq: row.seq,
    prevHash: row.prevHash,
    hash: row.hash,
    event: JSON.parse(row.body) as AuditEvent,
  };
}
