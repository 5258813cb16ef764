// The embedded store: one SQLite file (node:sqlite), WAL, synchronous=FULL. Reads and small writes
// run on this thread; audit appends run on a worker thread by default so their fsync never blocks
// the gateway's event loop.

import type { StatementSync } from 'node:sqlite';
import { checkPart, MIGRATIONS_TABLE, stepText } from './lib/migrate.ts';
import { sqliteParams, toSqlitePlaceholders } from './lib/placeholders.ts';
import {
  AUDIT_COLUMNS,
  auditFromRaw,
  auditWhere,
  CHECKPOINT_COLUMNS,
  checkpointFromRaw,
  KEY_COLUMNS,
  keyFromRaw,
  keyParams,
} from './lib/rows.ts';
import { auditMigrations, keyMigrations } from './lib/schema.ts';
import { openSqlite } from './lib/sqlite-open.ts';
import { inlineWriter, type SqliteWriter, workerWriter } from './lib/sqlite-writer.ts';
import type { AuditStore, KeyStore, SqlFacility, SqlValue, Store } from './types.ts';

type Raw = Record<string, unknown>;

/** Opens (creating if needed) a SQLite store at `path` and applies pending migrations. */
export async function openSqliteStore(
  path: string,
  writerKind: 'worker' | 'inline' = 'worker',
): Promise<Store> {
  const db = openSqlite(path);
  const cache = new Map<string, StatementSync>();
  const prepared = (text: string): StatementSync => {
    let st = cache.get(text);
    if (!st) {
      if (cache.size >= 256) cache.clear();
      st = db.prepare(toSqlitePlaceholders(text));
      cache.set(text, st);
    }
    return st;
  };
  const all = (text: string, params: readonly SqlValue[] = []): Raw[] =>
    prepared(text).all(...sqliteParams(params)) as Raw[];
  const run = (text: string, params: readonly SqlValue[] = []): number =>
    Number(prepared(text).run(...sqliteParams(params)).changes);
  const inTransaction = (fn: () => void): void => {
    db.exec('BEGIN IMMEDIATE');
    try {
      fn();
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  };

  const sql: SqlFacility = {
    dialect: 'sqlite',
    async migrate(part, steps) {
      checkPart(part);
      db.exec(MIGRATIONS_TABLE);
      steps.forEach((step, i) => {
        inTransaction(() => {
          if (all('SELECT 1 FROM parapet_migrations WHERE part = $1 AND version = $2', [part, i + 1]).length)
            return;
          db.exec(stepText(step, 'sqlite'));
          run('INSERT INTO parapet_migrations (part, version, applied_at) VALUES ($1, $2, $3)', [
            part,
            i + 1,
            Date.now(),
          ]);
        });
      });
    },
    async query<R>(text: string, params?: readonly SqlValue[]) {
      // Plain objects, like pg's rows (node:sqlite returns null-prototype ones).
      return all(text, params).map((r) => ({ ...r })) as R[];
    },
    async execute(text, params) {
      return run(text, params);
    },
    async transaction(statements) {
      const counts: number[] = [];
      inTransaction(() => {
        for (const st of statements) counts.push(run(st.text, st.params));
      });
      return counts;
    },
  };

  await sql.migrate('audit', auditMigrations);
  await sql.migrate('keys', keyMigrations);
  // An in-memory database exists only on this connection, so a worker could not share it.
  const writer: SqliteWriter =
    writerKind === 'worker' && path !== ':memory:' ? workerWriter(path) : inlineWriter(db);

  const audit: AuditStore = {
    async head(node) {
      const r = all('SELECT seq, hash FROM audit_events WHERE node = $1 ORDER BY seq DESC LIMIT 1', [
        node,
      ])[0];
      return r ? { seq: Number(r.seq), hash: r.hash as string } : undefined;
    },
    async heads() {
      const rows = all('SELECT node, MAX(seq) AS seq FROM audit_events GROUP BY node');
      return new Map(rows.map((r) => [r.node as string, Number(r.seq)]));
    },
    async nodes() {
      const rows = all(
        'SELECT node FROM audit_events UNION SELECT node FROM audit_checkpoints ORDER BY node',
      );
      return rows.map((r) => r.node as string);
    },
    append: (rows) => (rows.length ? writer.append(rows) : Promise.resolve()),
    async range(node, afterSeq, limit) {
      return all(
        `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE node = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [node, afterSeq, limit],
      ).map(auditFromRaw);
    },
    async query(filter) {
      const { where, params } = auditWhere(filter);
      params.push(filter.limit);
      return all(
        `SELECT ${AUDIT_COLUMNS} FROM audit_events ${where} ORDER BY ts DESC, node, seq DESC LIMIT $${params.length}`,
        params,
      ).map(auditFromRaw);
    },
    addCheckpoint: (cp) => writer.checkpoint(cp),
    async checkpoints(node) {
      return all(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE node = $1 ORDER BY seq`, [
        node,
      ]).map(checkpointFromRaw);
    },
  };

  const keys: KeyStore = {
    async insert(row) {
      run(`INSERT INTO api_keys (${KEY_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`, keyParams(row));
    },
    async get(id) {
      const r = all(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1`, [id])[0];
      return r ? keyFromRaw(r) : undefined;
    },
    async list() {
      return all(`SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`).map(keyFromRaw);
    },
    async revoke(id, at) {
      run('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1', [id, at]);
      return all('SELECT 1 FROM api_keys WHERE id = $1', [id]).length > 0;
    },
    async touch(uses) {
      if (uses.size === 0) return;
      inTransaction(() => {
        for (const [id, at] of uses)
          run(
            'UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)',
            [id, at],
          );
      });
    },
  };

  return {
    dialect: 'sqlite',
    audit,
    keys,
    sql,
    async close() {
      await writer.close();
      db.close();
    },
  };
}
