// Durable storage for Parapet: SQLite embedded for one machine, PostgreSQL for many nodes, one
// interface. Other parts register their own tables through `store.sql.migrate`.

import type { Store, StoreOptions } from './types.ts';

export type {
  AuditFilter,
  AuditRow,
  AuditStore,
  CheckpointRow,
  KeyRow,
  KeyStore,
  MigrationStep,
  SqlFacility,
  SqlStatement,
  SqlValue,
  Store,
  StoreOptions,
} from './types.ts';

/**
 * Opens the configured store and applies pending migrations.
 *
 * @example
 * const store = await openStore({ kind: 'sqlite', path: '.parapet/parapet.db' });
 * await store.sql.migrate('registry', ['CREATE TABLE registry_models (name TEXT PRIMARY KEY)']);
 * const rows = await store.sql.query('SELECT name FROM registry_models WHERE name = $1', ['m']);
 */
export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.kind === 'sqlite') {
    const { openSqliteStore } = await import('./sqlite.ts');
    return openSqliteStore(opts.path, opts.writer);
  }
  const { openPostgresStore } = await import('./postgres.ts');
  return openPostgresStore(opts.url, opts.maxConnections);
}
