// Opens a SQLite database the way every Parapet connection needs it: WAL so readers never block the
// writer, synchronous=FULL so a committed transaction survives power loss, and a busy timeout so the
// worker-thread writer and the main connection wait for each other instead of failing.

import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { AuditRow, CheckpointRow } from '../types.ts';
import { AUDIT_COLUMNS, CHECKPOINT_COLUMNS, checkpointParams } from './rows.ts';

export function openSqlite(path: string): DatabaseSync {
  const fresh = path !== ':memory:' && !existsSync(path);
  if (fresh) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(path);
  // The file holds key hashes and the audit trail: owner-only, like the signing key.
  if (fresh) chmodSync(path, 0o600);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;');
  return db;
}

/** Inserts audit rows in one IMMEDIATE transaction: one fsync for the whole group. */
export function sqliteAppend(db: DatabaseSync, rows: readonly AuditRow[]): void {
  const insert = db.prepare(`INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)`);
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const r of rows)
      insert.run(
        r.node,
        r.seq,
        r.prevHash,
        r.hash,
        r.ts,
        r.requestId,
        r.identityId,
        r.model,
        r.decision,
        r.body,
      );
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

export function sqliteCheckpoint(db: DatabaseSync, cp: CheckpointRow): void {
  db.prepare(`INSERT INTO audit_checkpoints (${CHECKPOINT_COLUMNS}) VALUES (?,?,?,?,?,?,?)`).run(
    ...(checkpointParams(cp) as (string | number)[]),
  );
}
