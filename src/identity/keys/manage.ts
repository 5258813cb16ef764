// Creating, listing and revoking API keys: the operator side. The key is returned once at creation;
// only the SHA-256 of its secret is stored, and listings never include that hash.

import { z } from 'zod';
import type { KeyRow, Store } from '../../store/index.ts';
import { formatKey, hashSecret, newKeyParts } from './format.ts';

const name = z.string().trim().min(1).max(100);
const label = z.string().trim().min(1).max(100);

export const createKeyInput = z
  .object({
    name,
    roles: z.array(label).min(1).max(50),
    /** Model names this key may call; `*` for all. */
    models: z.array(label).min(1).max(200),
    ttlSeconds: z
      .number()
      .int()
      .positive()
      .max(10 * 365 * 86400)
      .optional(),
    tenant: label.optional(),
  })
  .strict();

export type CreateKeyInput = z.input<typeof createKeyInput>;

/** What operators see about a key: everything except the secret's hash. */
export interface KeyInfo {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly models: readonly string[];
  readonly tenant?: string;
  readonly created: string;
  readonly expires?: string;
  readonly lastUsed?: string;
  readonly revoked?: string;
}

const iso = (ms: number | null): string | undefined => (ms === null ? undefined : new Date(ms).toISOString());

function info(r: KeyRow): KeyInfo {
  return {
    id: r.id,
    name: r.name,
    roles: r.roles,
    models: r.models,
    ...(r.tenant !== null ? { tenant: r.tenant } : {}),
    created: new Date(r.createdAt).toISOString(),
    ...(r.expiresAt !== null ? { expires: iso(r.expiresAt) } : {}),
    ...(r.lastUsedAt !== null ? { lastUsed: iso(r.lastUsedAt) } : {}),
    ...(r.revokedAt !== null ? { revoked: iso(r.revokedAt) } : {}),
  };
}

/**
 * Creates a key. The returned `key` is the only copy: show it once, never log it.
 * Throws a ZodError when the input is invalid (callers at an edge validate first or catch).
 *
 * @example
 * const { id, key } = await createKey(store, { name: 'ci', roles: ['app'], models: ['*'], ttlSeconds: 86400 });
 */
export async function createKey(store: Store, input: CreateKeyInput): Promise<{ id: string; key: string }> {
  const opts = createKeyInput.parse(input);
  const { id, secret } = newKeyParts();
  const now = Date.now();
  await store.keys.insert({
    id,
    name: opts.name,
    roles: [...new Set(opts.roles)],
    models: [...new Set(opts.models)],
    tenant: opts.tenant ?? null,
    secretHash: hashSecret(secret).toString('hex'),
    createdAt: now,
    expiresAt: opts.ttlSeconds === undefined ? null : now + opts.ttlSeconds * 1000,
    lastUsedAt: null,
    revokedAt: null,
  });
  return { id, key: formatKey(id, secret) };
}

/** Every key, oldest first, without secret hashes. */
export async function listKeys(store: Store): Promise<KeyInfo[]> {
  return (await store.keys.list()).map(info);
}

/** Revokes a key (effective on every gateway within a second). False when there is no such key. */
export async function revokeKey(store: Store, id: string): Promise<boolean> {
  return store.keys.revoke(id, Date.now());
}
