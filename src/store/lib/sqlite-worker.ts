// Worker-thread entry: owns a second SQLite connection and runs the audit writes there, so the fsync
// of each group commit blocks this thread and not the gateway's event loop.

import { parentPort, workerData } from 'node:worker_threads';
import type { AuditRow, CheckpointRow } from '../types.ts';
import { openSqlite, sqliteAppend, sqliteCheckpoint } from './sqlite-open.ts';

export type WriterRequest =
  | { readonly id: number; readonly op: 'append'; readonly rows: readonly AuditRow[] }
  | { readonly id: number; readonly op: 'checkpoint'; readonly cp: CheckpointRow };

export type WriterReply = { readonly id: number; readonly error?: string; readonly code?: string };

const port = parentPort;
if (port) {
  const db = openSqlite((workerData as { path: string }).path);
  port.on('message', (msg: WriterRequest) => {
    try {
      if (msg.op === 'append') sqliteAppend(db, msg.rows);
      else sqliteCheckpoint(db, msg.cp);
      port.postMessage({ id: msg.id } satisfies WriterReply);
    } catch (err) {
      const e = err as Error & { code?: string };
      port.postMessage({ id: msg.id, error: e.message, code: e.code } satisfies WriterReply);
    }
  });
}
