// The storage contract: what the audit log, the API keys and later parts (registry, monitor) need from
// durable storage, at the level of rows. SQLite and PostgreSQL implement it; one suite pins both.

/** A value a parameterised query may carry. Booleans are stored as 1/0 in SQLite. */
export type SqlValue = string | number | bigint | boolean | null | Uint8Array;

/** One migration step: the same SQL for both dialects, or one text per dialect. */
export type MigrationStep = string | { readonly sqlite: string; readonly postgres: string };

/** The small generic SQL facility other parts use for their own tables. */
export interface SqlFacility {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Applies the steps of `part` not yet applied, in order, each in its own transaction. Step i is
   * version i + 1: append new steps, never edit or reorder applied ones. Safe when several nodes start
   * at once (PostgreSQL takes an advisory lock, SQLite a write lock).
   */
  migrate(part: string, steps: readonly MigrationStep[]): Promise<void>;
  /**
   * Runs one statement with `$1, $2 …` placeholders (translated for SQLite) and returns its rows.
   * BIGINT columns come back as numbers in both dialects.
   */
  query<R = Record<string, unknown>>(text: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** Runs one statement and returns the number of rows it changed. */
  execute(text: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Runs the statements in one transaction: all take effect or none do. Returns each statement's
   * changed-row count. (A list rather than a callback, so no other work can interleave with an open
   * SQLite transaction on the shared connection.)
   */
  transaction(statements: readonly SqlStatement[]): Promise<number[]>;
}

export interface SqlStatement {
  readonly text: string;
  readonly params?: readonly SqlValue[];
}

/** One record of a node's audit chain as stored. `body` is the canonical JSON that was hashed. */
export interface AuditRow {
  readonly node: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly body: string;
  /** Index columns derived from the body (verify checks they still agree with it). */
  readonly ts: number;
  readonly requestId: string;
  readonly identityId: string;
  readonly model: string | null;
  readonly decision: string;
}

/** A signed statement that `node`'s chain had `hash` at `seq`. */
export interface CheckpointRow {
  readonly node: string;
  readonly seq: number;
  readonly hash: string;
  readonly signedAt: number;
  /** SHA-256 hex of the signer's SPKI DER, first 32 hex digits. */
  readonly keyId: string;
  /** The signer's public key, SPKI PEM. The private key is never stored. */
  readonly publicKey: string;
  /** Ed25519 signature, base64. */
  readonly signature: string;
}

export interface AuditFilter {
  readonly node?: string;
  readonly identityId?: string;
  readonly model?: string;
  readonly decision?: string;
  /** Epoch milliseconds, inclusive. */
  readonly since?: number;
  /** Epoch milliseconds, exclusive. */
  readonly until?: number;
  readonly limit: number;
}

export interface AuditStore {
  /** The last record of a node's chain, or undefined when the node has none. */
  head(node: string): Promise<{ seq: number; hash: string } | undefined>;
  /** Highest seq per node. */
  heads(): Promise<Map<string, number>>;
  /** Every node that has records or checkpoints. */
  nodes(): Promise<string[]>;
  /** Inserts the rows in one transaction: all are durable when this resolves, or none are. */
  append(rows: readonly AuditRow[]): Promise<void>;
  /** Rows of one node with seq > afterSeq, ascending, at most `limit`. */
  range(node: string, afterSeq: number, limit: number): Promise<AuditRow[]>;
  /** Matching rows, newest first. */
  query(filter: AuditFilter): Promise<AuditRow[]>;
  addCheckpoint(cp: CheckpointRow): Promise<void>;
  /** A node's checkpoints, ascending by seq. */
  checkpoints(node: string): Promise<CheckpointRow[]>;
}

export interface KeyRow {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly models: readonly string[];
  readonly tenant: string | null;
  /** SHA-256 hex of the key's secret part. */
  readonly secretHash: string;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

export interface KeyStore {
  insert(row: KeyRow): Promise<void>;
  get(id: string): Promise<KeyRow | undefined>;
  list(): Promise<KeyRow[]>;
  /** Marks the key revoked; false when no such key exists. Revoking twice keeps the first time. */
  revoke(id: string, at: number): Promise<boolean>;
  /** Records last use of many keys in one transaction (never moves last use backwards). */
  touch(uses: ReadonlyMap<string, number>): Promise<void>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly audit: AuditStore;
  readonly keys: KeyStore;
  readonly sql: SqlFacility;
  /** Waits for in-flight writes, then releases connections and workers. */
  close(): Promise<void>;
}

export type StoreOptions =
  | {
      readonly kind: 'sqlite';
      readonly path: string;
      /**
       * Where audit writes (and their fsync) run: a worker thread (default) keeps the caller's event
       * loop free; `inline` runs them on the calling thread.
       */
      readonly writer?: 'worker' | 'inline';
    }
  | { readonly kind: 'postgres'; readonly url: string; readonly maxConnections?: number };
