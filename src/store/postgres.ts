// The shared store for many gateway nodes: PostgreSQL through a `pg` Pool. Each audit group commit is
// one INSERT … SELECT FROM unnest(…) statement: one round trip and one WAL flush per group.

import pg from 'pg';
import { checkPart, MIGRATIONS_TABLE, stepText } from './lib/migrate.ts';
import {
  AUDIT_COLUMNS,
  auditFromRaw,
  auditWhere,
  CHECKPOINT_COLUMNS,
  checkpointFromRaw,
  checkpointParams,
  KEY_COLUMNS,
  keyFromRaw,
  keyParams,
} from './lib/rows.ts';
import { auditMigrations, keyMigrations } from './lib/schema.ts';
import type { AuditStore, KeyStore, SqlFacility, SqlValue, Store } from './types.ts';

type Raw = Record<string, unknown>;

// BIGINT (int8, oid 20) arrives as a string by default; every BIGINT we store (ms times, seq) fits a
// double exactly, so numbers are the honest type. Set per pool, not globally.
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Migration lock id: an arbitrary constant shared by every Parapet node ("parapet" in ASCII). */
const MIGRATION_LOCK = 0x70617261706574;

/** Connects to PostgreSQL at `url` and applies pending migrations. */
export async function openPostgresStore(url: string, maxConnections = 10): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, types });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const all = async (text: string, params: readonly SqlValue[] = []): Promise<Raw[]> =>
    (await pool.query(text, params as unknown[])).rows as Raw[];

  const sql: SqlFacility = {
    dialect: 'postgres',
    async migrate(part, steps) {
      checkPart(part);
      const client = await pool.connect();
      try {
        for (let i = 0; i < steps.length; i++) {
          await client.query('BEGIN');
          try {
            await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
            await client.query(MIGRATIONS_TABLE);
            const done = await client.query(
              'SELECT 1 FROM parapet_migrations WHERE part = $1 AND version = $2',
              [part, i + 1],
            );
            if (done.rowCount === 0) {
              await client.query(stepText(steps[i] as (typeof steps)[number], 'postgres'));
              await client.query(
                'INSERT INTO parapet_migrations (part, version, applied_at) VALUES ($1, $2, $3)',
                [part, i + 1, Date.now()],
              );
            }
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK');
            throw err;
          }
        }
      } finally {
        client.release();
      }
    },
    async query<R>(text: string, params?: readonly SqlValue[]) {
      return (await all(text, params)) as R[];
    },
    async execute(text, params) {
      return (await pool.query(text, (params ?? []) as unknown[])).rowCount ?? 0;
    },
    async transaction(statements) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const counts: number[] = [];
        try {
          for (const st of statements)
            counts.push((await client.query(st.text, (st.params ?? []) as unknown[])).rowCount ?? 0);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
        return counts;
      } finally {
        client.release();
      }
    },
  };

  await sql.migrate('audit', auditMigrations);
  await sql.migrate('keys', keyMigrations);

  const audit: AuditStore = {
    async head(node) {
      const r = (
        await all('SELECT seq, hash FROM audit_events WHERE node = $1 ORDER BY seq DESC LIMIT 1', [node])
      )[0];
      return r ? { seq: r.seq as number, hash: r.hash as string } : undefined;
    },
    async heads() {
      const rows = await all('SELECT node, MAX(seq) AS seq FROM audit_events GROUP BY node');
      return new Map(rows.map((r) => [r.node as string, r.seq as number]));
    },
    async nodes() {
      const rows = await all(
        'SELECT node FROM audit_events UNION SELECT node FROM audit_checkpoints ORDER BY node',
      );
      return rows.map((r) => r.node as string);
    },
    async append(rows) {
      if (rows.length === 0) return;
      const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
      await pool.query(
        `INSERT INTO audit_events (${AUDIT_COLUMNS})
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[],
                              $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
        [
          col('node'),
          col('seq'),
          col('prevHash'),
          col('hash'),
          col('ts'),
          col('requestId'),
          col('identityId'),
          col('model'),
          col('decision'),
          col('body'),
        ],
      );
    },
    async range(node, afterSeq, limit) {
      const rows = await all(
        `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE node = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [node, afterSeq, limit],
      );
      return rows.map(auditFromRaw);
    },
    async query(filter) {
      const { where, params } = auditWhere(filter);
      params.push(filter.limit);
      const rows = await all(
        `SELECT ${AUDIT_COLUMNS} FROM audit_events ${where} ORDER BY ts DESC, node, seq DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(auditFromRaw);
    },
    async addCheckpoint(cp) {
      await pool.query(
        `INSERT INTO audit_checkpoints (${CHECKPOINT_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        checkpointParams(cp),
      );
    },
    async checkpoints(node) {
      const rows = await all(
        `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE node = $1 ORDER BY seq`,
        [node],
      );
      return rows.map(checkpointFromRaw);
    },
  };

  const keys: KeyStore = {
    async insert(row) {
      await pool.query(
        `INSERT INTO api_keys (${KEY_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        keyParams(row),
      );
    },
    async get(id) {
      const r = (await all(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1`, [id]))[0];
      return r ? keyFromRaw(r) : undefined;
    },
    async list() {
      return (await all(`SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`)).map(keyFromRaw);
    },
    async revoke(id, at) {
      const r = await pool.query('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1', [
        id,
        at,
      ]);
      return (r.rowCount ?? 0) > 0;
    },
    async touch(uses) {
      if (uses.size === 0) return;
      // One statement for the whole batch: no per-key round trips on the way out of the hot path.
      await pool.query(
        `UPDATE api_keys k SET last_used_at = u.at
         FROM unnest($1::text[], $2::bigint[]) AS u(id, at)
         WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.at)`,
        [[...uses.keys()], [...uses.values()]],
      );
    },
  };

  return {
    dialect: 'postgres',
    audit,
    keys,
    sql,
    async close() {
      await pool.end();
    },
  };
}
