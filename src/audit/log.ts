// The audit log's write side: one hash chain per gateway node, group commit (events arriving while a
// commit is in flight go together in the next transaction), signed checkpoints, two durability modes.

import type { KeyObject } from 'node:crypto';
import type { Store } from '../store/index.ts';
import type { AuditEvent, ChainedEvent } from './event.ts';
import { GENESIS, link, type Prepared, prepare } from './lib/chain.ts';
import { loadOrCreateSigningKey, type SigningKey, signCheckpoint } from './lib/signing.ts';
import { claimWriter } from './lib/writer-lease.ts';
import { type AuditQuery, queryAudit, tailAudit } from './read.ts';
import { type VerifyReport, verifyAuditLog } from './verify.ts';

export interface AuditLogOptions {
  readonly store: Store;
  /** This gateway node's name; every event it records must carry it. */
  readonly node: string;
  /**
   * `strict` (default): record() resolves only once the event is committed durably.
   * `async`: record() resolves once the event is queued; a full queue makes record() wait
   * (backpressure) — events are never dropped.
   */
  readonly durability?: 'strict' | 'async';
  readonly checkpoint: {
    /** Sign a checkpoint after this many events (default 1000). */
    readonly every?: number;
    /** …or after this long with unsigned events (default 60 s). */
    readonly intervalMs?: number;
    /** Ed25519 private key (PEM); generated with mode 0600 when absent. */
    readonly keyFile: string;
  };
  /** Most events per transaction (default 1000). */
  readonly maxBatch?: number;
  /** Async mode: most events waiting to be written before record() waits (default 10 000). */
  readonly maxQueue?: number;
  /** Called when a write or checkpoint fails in the background (async mode retries; nothing is lost). */
  readonly onError?: (err: Error) => void;
  /**
   * How long this log's claim on its node outlives its last heartbeat (default 30 s). A second log for
   * the same node and store is refused while the claim is live, unless its holder's process is gone.
   */
  readonly writerLeaseMs?: number;
}

export interface AuditLog {
  readonly node: string;
  /** Appends the event to this node's chain, as durably as the configured mode promises. */
  record(event: AuditEvent): Promise<void>;
  /** Signs a checkpoint at the current head now (if there are unsigned events). */
  checkpoint(): Promise<void>;
  /** Writes everything queued, signs a final checkpoint, stops the timer. The store stays open. */
  close(): Promise<void>;
  /**
   * Verifies the stored chains (all nodes unless `node` is given). Checkpoints must be signed by one
   * of `trustedKeys`, which defaults to this log's own key: pass the other nodes' keys if they differ.
   */
  verify(opts?: { node?: string; trustedKeys?: readonly KeyObject[] }): Promise<VerifyReport>;
  /** Events matching every given filter, newest first. */
  query(q: AuditQuery): Promise<ChainedEvent[]>;
  /** The newest `n` events across all nodes, oldest first. */
  tail(n?: number): Promise<ChainedEvent[]>;
}

interface Entry {
  readonly prepared: Prepared;
  readonly resolve?: () => void;
  readonly reject?: (err: Error) => void;
}

/**
 * Opens the audit log of `node`, resuming its chain from the store.
 *
 * @example
 * const log = await createAuditLog({ store, node: 'gw-1', checkpoint: { keyFile: '.parapet/audit-signing.pem' } });
 * await log.record(event); // durable when this resolves
 */
export async function createAuditLog(opts: AuditLogOptions): Promise<AuditLog> {
  const { store, node } = opts;
  const strict = (opts.durability ?? 'strict') === 'strict';
  const every = opts.checkpoint.every ?? 1000;
  const maxBatch = opts.maxBatch ?? 1000;
  const maxQueue = opts.maxQueue ?? 10_000;
  const report = opts.onError ?? (() => {});
  const key: SigningKey = loadOrCreateSigningKey(opts.checkpoint.keyFile);
  const leaseMs = opts.writerLeaseMs ?? 30_000;
  const lease = await claimWriter(store, node, leaseMs);
  let lost: Error | undefined;
  const heartbeat = setInterval(() => {
    lease.renew().then(
      (held) => {
        if (!held && !lost) {
          lost = new Error(`another process has taken over audit chain "${node}"; this log no longer writes`);
          report(lost);
        }
      },
      (err: unknown) => report(err instanceof Error ? err : new Error(String(err))),
    );
  }, leaseMs / 3);
  heartbeat.unref();

  let head: { seq: number; hash: string } | undefined = (await store.audit.head(node)) ?? {
    seq: 0,
    hash: GENESIS,
  };
  const lastCp = await store.sql.query<{ seq: number | null }>(
    'SELECT MAX(seq) AS seq FROM audit_checkpoints WHERE node = $1',
    [node],
  );
  let signedSeq = Number(lastCp[0]?.seq ?? 0);

  const queue: Entry[] = [];
  const spaceWaiters: (() => void)[] = [];
  let running: Promise<void> | undefined;
  let checkpointDue = false;
  let closed = false;
  let retryDelay = 0;
  let gaveUp = false;

  const commit = async (batch: readonly Entry[]): Promise<void> => {
    head ??= (await store.audit.head(node)) ?? { seq: 0, hash: GENESIS };
    let { seq, hash } = head;
    const rows = batch.map((e) => {
      const row = link(e.prepared, ++seq, hash);
      hash = row.hash;
      return row;
    });
    try {
      await store.audit.append(rows);
    } catch (err) {
      head = undefined; // another writer may have moved the chain: re-read before the next attempt
      throw err;
    }
    head = { seq, hash };
    if (seq - signedSeq >= every) checkpointDue = true;
  };

  const writeCheckpoint = async (): Promise<void> => {
    checkpointDue = false;
    if (!head || head.seq <= signedSeq) return;
    const { seq, hash } = head;
    await store.audit.addCheckpoint({
      node,
      seq,
      hash,
      signedAt: Date.now(),
      keyId: key.id,
      publicKey: key.publicPem,
      signature: signCheckpoint(key, node, seq, hash),
    });
    signedSeq = seq;
  };

  const wake = (): void => {
    while (spaceWaiters.length && queue.length < maxQueue) spaceWaiters.shift()?.();
  };

  const drain = async (): Promise<void> => {
    while (queue.length || checkpointDue) {
      if (queue.length) {
        const batch = queue.splice(0, maxBatch);
        wake();
        try {
          await commit(batch);
          retryDelay = 0;
          for (const e of batch) e.resolve?.();
        } catch (err) {
          const e = err instanceof Error ? err : new Error(String(err));
          if (strict) {
            for (const x of batch) x.reject?.(e);
          } else {
            // Async mode keeps the events and retries with backoff; the full queue pushes back on callers.
            queue.unshift(...batch);
            report(e);
            retryDelay = Math.min(Math.max(retryDelay * 2, 50), 5000);
            await new Promise((r) => setTimeout(r, retryDelay));
            if (closed && retryDelay >= 5000) {
              gaveUp = true;
              throw e;
            }
          }
        }
        continue;
      }
      try {
        await writeCheckpoint();
      } catch (err) {
        report(err instanceof Error ? err : new Error(String(err)));
      }
    }
  };

  const kick = (): void => {
    if (gaveUp) return;
    running ??= drain().finally(() => {
      running = undefined;
      if (queue.length || checkpointDue) kick();
    });
    running.catch(() => {});
  };

  const timer = setInterval(() => {
    if (head && head.seq > signedSeq) {
      checkpointDue = true;
      kick();
    }
  }, opts.checkpoint.intervalMs ?? 60_000);
  timer.unref();

  return {
    node,
    async record(event) {
      if (closed) throw new Error('the audit log is closed');
      if (lost) throw lost;
      if (event.node !== node)
        throw new Error(`audit event node "${event.node}" does not match this log's node "${node}"`);
      const prepared = prepare(event);
      if (strict) {
        return new Promise<void>((resolve, reject) => {
          queue.push({ prepared, resolve, reject });
          kick();
        });
      }
      while (queue.length >= maxQueue) await new Promise<void>((r) => spaceWaiters.push(r));
      queue.push({ prepared });
      kick();
    },
    async checkpoint() {
      checkpointDue = true;
      kick();
      while (running) await running;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      clearInterval(heartbeat);
      try {
        while (running) await running.catch(() => {});
        if (gaveUp || queue.length)
          throw new Error(`the audit log closed with ${queue.length} events it could not write`);
        checkpointDue = true;
        await drain();
      } finally {
        if (!lost) await lease.release().catch((err: unknown) => report(err as Error));
      }
    },
    verify: (v = {}) =>
      verifyAuditLog(store, { node: v.node, trustedKeys: v.trustedKeys ?? [key.publicKey] }),
    query: (q) => queryAudit(store, q),
    tail: (n) => tailAudit(store, n),
  };
}
