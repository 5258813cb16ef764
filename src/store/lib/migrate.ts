// Shared parts of versioned migrations: the bookkeeping table and picking a step's text per dialect.

import type { MigrationStep } from '../types.ts';

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS parapet_migrations (
  part TEXT NOT NULL,
  version INTEGER NOT NULL,
  applied_at BIGINT NOT NULL,
  PRIMARY KEY (part, version)
)`;

export function stepText(step: MigrationStep, dialect: 'sqlite' | 'postgres'): string {
  return typeof step === 'string' ? step : step[dialect];
}

/** Part names are short identifiers; they end up in logs and the bookkeeping table. */
export function checkPart(part: string): void {
  if (part.length === 0 || part.length > 64) throw new Error(`migration part name must be 1-64 characters`);
}
