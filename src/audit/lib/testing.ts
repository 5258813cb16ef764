// Test helpers for the audit part: realistic events and the two real backends (a temporary SQLite
// file, a throw-away PostgreSQL database). Used by tests, the crash-test child and the benchmark.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../store/index.ts';
import { createTestDatabase } from '../../store/lib/pg-test-db.ts';
import type { AuditEvent } from '../event.ts';

export function makeEvent(node: string, i: number, over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    requestId: `req-${node}-${i}`,
    node,
    identity: { kind: 'api_key', id: i % 2 ? 'key-alice' : 'key-bob', roles: ['app'] },
    source: { ip: '10.0.0.7', userAgent: 'openai-node/6' },
    request: {
      method: 'POST',
      route: '/v1/chat/completions',
      model: i % 3 ? 'gpt-4o' : 'llama',
      bytesIn: 200 + i,
    },
    response: { status: i % 5 ? 200 : 403, bytesOut: 900 },
    decision: i % 5 ? 'allow' : 'deny',
    reasons: i % 5 ? [] : ['guard.injection'],
    latencyMs: { parapet: 1.5, upstream: 300, total: 301.5 },
    ...over,
  };
}

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** Opens a new connection to this backend's database. */
  open(): Promise<Store>;
  /** A directory for key files. */
  readonly dir: string;
  cleanup(): Promise<void>;
}

export async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-audit-'));
  const path = join(dir, 'audit.db');
  return {
    name: 'sqlite',
    dir,
    open: () => openStore({ kind: 'sqlite', path }),
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-audit-'));
  const db = await createTestDatabase();
  return {
    name: 'postgres',
    dir,
    open: () => openStore({ kind: 'postgres', url: db.url }),
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    },
  };
}
