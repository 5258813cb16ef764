// The store's own tables (audit chain, checkpoints, API keys), as versioned migrations per dialect.
// Applied through the same `sql.migrate` facility other parts use for theirs.

import type { MigrationStep } from '../types.ts';

const auditV1 = (big: string): string => `
CREATE TABLE IF NOT EXISTS audit_events (
  node TEXT NOT NULL,
  seq ${big} NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  ts ${big} NOT NULL,
  request_id TEXT NOT NULL,
  identity_id TEXT NOT NULL,
  model TEXT,
  decision TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (node, seq)
);
CREATE INDEX IF NOT EXISTS audit_events_ts ON audit_events (ts);
CREATE INDEX IF NOT EXISTS audit_events_identity ON audit_events (identity_id, ts);
CREATE INDEX IF NOT EXISTS audit_events_model ON audit_events (model, ts);
CREATE INDEX IF NOT EXISTS audit_events_request ON audit_events (request_id);
CREATE TABLE IF NOT EXISTS audit_checkpoints (
  node TEXT NOT NULL,
  seq ${big} NOT NULL,
  hash TEXT NOT NULL,
  signed_at ${big} NOT NULL,
  key_id TEXT NOT NULL,
  public_key TEXT NOT NULL,
  signature TEXT NOT NULL,
  PRIMARY KEY (node, seq)
);`;

const keysV1 = (big: string): string => `
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  roles TEXT NOT NULL,
  models TEXT NOT NULL,
  tenant TEXT,
  secret_hash TEXT NOT NULL,
  created_at ${big} NOT NULL,
  expires_at ${big},
  last_used_at ${big},
  revoked_at ${big}
);`;

export const auditMigrations: readonly MigrationStep[] = [
  { sqlite: auditV1('INTEGER'), postgres: auditV1('BIGINT') },
];

export const keyMigrations: readonly MigrationStep[] = [
  { sqlite: keysV1('INTEGER'), postgres: keysV1('BIGINT') },
];
