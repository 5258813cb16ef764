// One writer per chain. Two gateway processes that share a store and a node name would both append to
// one chain and refuse each other's commits (or, worse, look like tampering). So a log claims its node
// before it writes: a row per node with an owner and a heartbeat. A claim succeeds when the row is
// free, ours, stale (no heartbeat within the lease time), or held by a process on this host that no
// longer exists (a crash: a restarted gateway takes over at once instead of waiting out the lease).

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Store } from '../../store/index.ts';

const MIGRATIONS = [
  `CREATE TABLE IF NOT EXISTS audit_writers (
    node TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    heartbeat BIGINT NOT NULL
  )`,
];

export interface WriterLease {
  /** Renews the lease; false if another writer has taken the node over (this one must stop). */
  renew(): Promise<boolean>;
  /** Gives the node up (a later claim succeeds at once). */
  release(): Promise<void>;
}

interface Holder {
  owner: string;
  host: string;
  pid: number;
  heartbeat: number;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Claims `node`'s chain for this process, or throws an error naming who holds it. */
export async function claimWriter(store: Store, node: string, leaseMs = 30_000): Promise<WriterLease> {
  await store.sql.migrate('audit-writers', MIGRATIONS);
  const owner = randomUUID();
  const host = hostname();
  const pid = process.pid;
  const take = (now: number) =>
    store.sql.execute(
      `INSERT INTO audit_writers (node, owner, host, pid, heartbeat) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (node) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid,
         heartbeat = excluded.heartbeat
       WHERE audit_writers.heartbeat < $6`,
      [node, owner, host, pid, now, now - leaseMs],
    );
  if ((await take(Date.now())) === 0) {
    const [held] = await store.sql.query<Holder>(
      'SELECT owner, host, pid, heartbeat FROM audit_writers WHERE node = $1',
      [node],
    );
    const crashedHere = held && held.host === host && held.pid !== pid && !processExists(Number(held.pid));
    const taken =
      crashedHere &&
      (await store.sql.execute(
        'UPDATE audit_writers SET owner = $1, host = $2, pid = $3, heartbeat = $4 WHERE node = $5 AND owner = $6',
        [owner, host, pid, Date.now(), node, held.owner],
      )) === 1;
    if (!taken) {
      const age = held ? Math.round((Date.now() - Number(held.heartbeat)) / 1000) : 0;
      throw new Error(
        `audit chain "${node}" is being written by ${held ? `process ${held.pid} on ${held.host} (alive ${age} s ago)` : 'another process'}; ` +
          'give each gateway process its own node name (`node:` in the config, e.g. node: "${PARAPET_NODE}")',
      );
    }
  }
  return {
    async renew() {
      return (
        (await store.sql.execute('UPDATE audit_writers SET heartbeat = $1 WHERE node = $2 AND owner = $3', [
          Date.now(),
          node,
          owner,
        ])) === 1
      );
    },
    async release() {
      await store.sql.execute('DELETE FROM audit_writers WHERE node = $1 AND owner = $2', [node, owner]);
    },
  };
}
