// The pseudonym vault: token → original value pairs for one request of one identity of one tenant,
// kept for a TTL so the answer to that request can be restored. Two backends, one behaviour suite.

/** Whose pairs these are. Every part is escaped, so `a:b`/`c` and `a`/`b:c` never share a key. */
export interface VaultKey {
  readonly tenant: string;
  readonly identity: string;
  readonly request: string;
}

export interface Vault {
  /** Adds pairs (token → original) under `key` and (re)starts its TTL. */
  put(key: VaultKey, pairs: ReadonlyMap<string, string>, ttlMs: number): Promise<void>;
  /** The pairs under `key`; empty when none were stored or the TTL has passed. */
  get(key: VaultKey): Promise<ReadonlyMap<string, string>>;
  /** Forgets `key` now (after the answer was restored). */
  drop(key: VaultKey): Promise<void>;
  close(): Promise<void>;
}

/** `tenant:identity:request`, each part URI-escaped. */
export function keyString(k: VaultKey): string {
  return `${encodeURIComponent(k.tenant)}:${encodeURIComponent(k.identity)}:${encodeURIComponent(k.request)}`;
}
