// Runs SQLite audit writes either on a worker thread (default) or inline, behind one interface. The
// worker is restarted on the next write if it dies; writes in flight at that moment are rejected.

import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { AuditRow, CheckpointRow } from '../types.ts';
import { sqliteAppend, sqliteCheckpoint } from './sqlite-open.ts';
import type { WriterReply, WriterRequest } from './sqlite-worker.ts';

export interface SqliteWriter {
  append(rows: readonly AuditRow[]): Promise<void>;
  checkpoint(cp: CheckpointRow): Promise<void>;
  close(): Promise<void>;
}

export function inlineWriter(db: DatabaseSync): SqliteWriter {
  return {
    async append(rows) {
      sqliteAppend(db, rows);
    },
    async checkpoint(cp) {
      sqliteCheckpoint(db, cp);
    },
    async close() {},
  };
}

type Pending = { resolve: () => void; reject: (e: Error) => void };
type Request = { op: 'append'; rows: readonly AuditRow[] } | { op: 'checkpoint'; cp: CheckpointRow };

export function workerWriter(path: string): SqliteWriter {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const inflight = new Set<Promise<void>>();

  const failAll = (err: Error): void => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = undefined;
  };

  const spawn = (): Worker => {
    const w = new Worker(new URL('./sqlite-worker.ts', import.meta.url), { workerData: { path } });
    w.on('message', (reply: WriterReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if (reply.error === undefined) p.resolve();
      else p.reject(Object.assign(new Error(reply.error), { code: reply.code }));
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => {
      if (worker === w) failAll(new Error(`SQLite writer thread exited with code ${code}`));
    });
    return w;
  };

  const send = (req: Request): Promise<void> => {
    const p = new Promise<void>((resolve, reject) => {
      worker ??= spawn();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...req, id } as WriterRequest);
    });
    inflight.add(p);
    const forget = (): void => void inflight.delete(p);
    p.then(forget, forget);
    return p;
  };

  return {
    append: (rows) => send({ op: 'append', rows }),
    checkpoint: (cp) => send({ op: 'checkpoint', cp }),
    async close() {
      await Promise.allSettled([...inflight]);
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
