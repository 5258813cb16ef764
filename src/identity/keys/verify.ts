// Verifies presented API keys on the gateway's hot path. Key records are cached for at most one
// second (so a revocation takes effect everywhere within a second) and last use is written in
// batches, never per request.

import { timingSafeEqual } from 'node:crypto';
import { deny, fail, ok, type Result } from '../../errors/index.ts';
import type { KeyRow, Store } from '../../store/index.ts';
import type { Identity } from '../types.ts';
import { hashSecret, parseKey } from './format.ts';

/** The identity an API key proves: the shared Identity plus the key's name and expiry. */
export interface KeyIdentity extends Identity {
  readonly kind: 'api_key';
  readonly name: string;
  /** Epoch milliseconds, when the key has a TTL. */
  readonly expiresAt?: number;
}

export interface KeyVerifierOptions {
  /** How long a key record read from the store is trusted (default and maximum 1000 ms). */
  readonly cacheMs?: number;
  /** How often last-use times are written (default 5000 ms). */
  readonly touchIntervalMs?: number;
  /** Most cached records, and separately unknown ids (default 10 000 each); a full map is cleared. */
  readonly maxCached?: number;
  /** Called when a batched last-use write fails (it is retried with the next batch). */
  readonly onError?: (err: Error) => void;
  /** Clock, for tests of expiry. */
  readonly now?: () => number;
}

export interface KeyVerifier {
  /** Checks a presented `pk_…` key: auth.invalid, auth.expired, auth.revoked, or the identity. */
  verifyKey(presented: string): Promise<Result<KeyIdentity>>;
  /** The same function, under the name the gateway's identifier calls. */
  verify(presented: string): Promise<Result<KeyIdentity>>;
  /** Writes pending last-use times now. */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
}

interface Cached {
  readonly row: KeyRow | undefined;
  readonly hash: Buffer | undefined;
  readonly at: number;
}

/** Creates the verifier the gateway uses for API keys. */
export function createKeyVerifier(store: Store, opts: KeyVerifierOptions = {}): KeyVerifier {
  const cacheMs = Math.min(opts.cacheMs ?? 1000, 1000);
  const maxCached = opts.maxCached ?? 10_000;
  const now = opts.now ?? Date.now;
  const report = opts.onError ?? (() => {});
  // Unknown ids get their own map, so a flood of made-up keys cannot evict the real ones.
  const cache = new Map<string, Cached>();
  const unknown = new Map<string, Cached>();
  const loading = new Map<string, Promise<Cached>>();
  let uses = new Map<string, number>();

  const load = (id: string): Promise<Cached> => {
    const hit = cache.get(id) ?? unknown.get(id);
    if (hit && now() - hit.at < cacheMs) return Promise.resolve(hit);
    let p = loading.get(id);
    if (!p) {
      // Unknown ids are cached too, so a flood of made-up keys costs one lookup per id per second;
      // concurrent requests for one id share one lookup.
      p = store.keys
        .get(id)
        .then((row) => {
          const entry: Cached = {
            row,
            hash: row ? Buffer.from(row.secretHash, 'hex') : undefined,
            at: now(),
          };
          const into = row ? cache : unknown;
          if (into.size >= maxCached) into.clear();
          into.set(id, entry);
          if (row) unknown.delete(id);
          else cache.delete(id);
          return entry;
        })
        .finally(() => loading.delete(id));
      loading.set(id, p);
    }
    return p;
  };

  const flush = async (): Promise<void> => {
    if (uses.size === 0) return;
    const batch = uses;
    uses = new Map();
    try {
      await store.keys.touch(batch);
    } catch (err) {
      for (const [id, at] of batch) if ((uses.get(id) ?? 0) < at) uses.set(id, at);
      report(err instanceof Error ? err : new Error(String(err)));
    }
  };
  const timer = setInterval(() => void flush(), opts.touchIntervalMs ?? 5000);
  timer.unref();

  const verifyKey = async (presented: string): Promise<Result<KeyIdentity>> => {
    const parts = parseKey(presented);
    if (!parts) return fail(deny('auth.invalid', 'The API key is malformed.'));
    const { row, hash } = await load(parts.id);
    const presentedHash = hashSecret(parts.secret);
    // Compare even for unknown ids (against a zero hash) so timing does not tell which ids exist.
    const match = timingSafeEqual(presentedHash, hash ?? Buffer.alloc(32)) && row !== undefined;
    if (!match || !row) return fail(deny('auth.invalid'));
    // Only the holder of the secret learns that a key is revoked or expired.
    if (row.revokedAt !== null) return fail(deny('auth.revoked'));
    const t = now();
    if (row.expiresAt !== null && t >= row.expiresAt) return fail(deny('auth.expired'));
    uses.set(row.id, t);
    return ok({
      kind: 'api_key',
      id: row.id,
      name: row.name,
      roles: row.roles,
      models: row.models,
      ...(row.tenant !== null ? { tenant: row.tenant } : {}),
      ...(row.expiresAt !== null ? { expiresAt: row.expiresAt } : {}),
    });
  };

  return {
    verifyKey,
    verify: verifyKey,
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
