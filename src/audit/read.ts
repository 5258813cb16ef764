// The audit log's read side: filtered queries, the newest events, and following new events as they
// are committed (per node by seq, so nothing committed late is skipped).

import type { Store } from '../store/index.ts';
import type { ChainedEvent, Decision } from './event.ts';
import { toChained } from './lib/chain.ts';

export interface AuditQuery {
  /** Identity id (key id, JWT subject, certificate id). */
  readonly identity?: string;
  readonly model?: string;
  readonly decision?: Decision;
  readonly node?: string;
  /** Inclusive lower bound on the event time. */
  readonly since?: Date;
  /** Exclusive upper bound on the event time. */
  readonly until?: Date;
  /** Default 100, at most 10 000. */
  readonly limit?: number;
}

export const MAX_QUERY_LIMIT = 10_000;

/** Events matching every given filter, newest first. */
export async function queryAudit(store: Store, q: AuditQuery = {}): Promise<ChainedEvent[]> {
  const rows = await store.audit.query({
    identityId: q.identity,
    model: q.model,
    decision: q.decision,
    node: q.node,
    since: q.since?.getTime(),
    until: q.until?.getTime(),
    limit: Math.min(Math.max(1, Math.trunc(q.limit ?? 100)), MAX_QUERY_LIMIT),
  });
  return rows.map(toChained);
}

/** The newest `n` events across all nodes, oldest first (as a terminal prints them). */
export async function tailAudit(store: Store, n = 20): Promise<ChainedEvent[]> {
  return (await queryAudit(store, { limit: n })).reverse();
}

/** Where a follower has read up to: the last seq seen per node. */
export type FollowCursor = Map<string, number>;

/** The cursor at the current end of every chain. */
export async function followCursor(store: Store): Promise<FollowCursor> {
  return store.audit.heads();
}

/** Events committed after `cursor` (advancing it), per node in chain order. */
export async function readNew(store: Store, cursor: FollowCursor, max = 1000): Promise<ChainedEvent[]> {
  const out: ChainedEvent[] = [];
  for (const [node, headSeq] of await store.audit.heads()) {
    const from = cursor.get(node) ?? 0;
    if (headSeq <= from) continue;
    const rows = await store.audit.range(node, from, max);
    for (const r of rows) out.push(toChained(r));
    if (rows.length) cursor.set(node, rows[rows.length - 1]!.seq);
  }
  return out.sort((a, b) => a.event.time.localeCompare(b.event.time));
}
