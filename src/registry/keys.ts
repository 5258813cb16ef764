// Signing keys as PEM files: create ECDSA P-256 or Ed25519 pairs, load them, name the digest each
// curve signs with, and compute the OMS key hint (SHA-256 hex of the SPKI PEM). Keys live in files
// with owner-only permissions, never in a database.

import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type KeyType = 'ecdsa-p256' | 'ed25519';

export interface CreatedKey {
  readonly privatePath: string;
  readonly publicPath: string;
  /** OMS `publicKey.hint` of the new key. */
  readonly hint: string;
}

/**
 * Writes `signing-key.pem` (PKCS#8, mode 0600) and `signing-key.pub.pem` (SPKI) into `dir`. Refuses
 * to overwrite an existing key.
 */
export async function createSigningKey(type: KeyType, dir: string): Promise<CreatedKey> {
  const pair =
    type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const privatePath = join(dir, 'signing-key.pem');
  const publicPath = join(dir, 'signing-key.pub.pem');
  const priv = pair.privateKey.export({ type: 'pkcs8', format: 'pem' });
  await writeFile(privatePath, priv, { mode: 0o600, flag: 'wx' });
  await writeFile(publicPath, spkiPem(pair.publicKey), { mode: 0o644, flag: 'wx' });
  return { privatePath, publicPath, hint: keyHint(pair.publicKey) };
}

/** SPKI PEM text of a public (or private) key. */
export function spkiPem(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ type: 'spki', format: 'pem' }) as string;
}

/** OMS key hint: SHA-256 hex of the public key's SPKI PEM text, as the reference implementation writes it. */
export function keyHint(key: KeyObject): string {
  return createHash('sha256').update(spkiPem(key)).digest('hex');
}

/** A key usable for OMS signatures, or why not. */
export function signatureDigest(
  key: KeyObject,
): { ok: true; digest: string | null } | { ok: false; error: string } {
  if (key.asymmetricKeyType === 'ed25519') return { ok: true, digest: null };
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return { ok: true, digest: 'sha256' };
    if (curve === 'secp384r1') return { ok: true, digest: 'sha384' };
    if (curve === 'secp521r1') return { ok: true, digest: 'sha512' };
    return { ok: false, error: `unsupported EC curve ${curve ?? 'unknown'}` };
  }
  return {
    ok: false,
    error: `unsupported key type ${key.asymmetricKeyType ?? 'unknown'} (use ECDSA P-256/384/521 or Ed25519)`,
  };
}

/** Parses a private key PEM; a Result, since the file comes from the operator. */
export function parsePrivateKey(
  pem: string | Buffer,
): { ok: true; key: KeyObject } | { ok: false; error: string } {
  try {
    const key = createPrivateKey(pem);
    const d = signatureDigest(key);
    return d.ok ? { ok: true, key } : d;
  } catch (err) {
    return {
      ok: false,
      error: `not a PEM private key (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}

/** Parses a public key PEM (or the public key of a private key / certificate PEM). */
export function parsePublicKey(
  pem: string | Buffer,
): { ok: true; key: KeyObject } | { ok: false; error: string } {
  try {
    const key = createPublicKey(pem);
    const d = signatureDigest(key);
    return d.ok ? { ok: true, key } : d;
  } catch (err) {
    return { ok: false, error: `not a PEM public key (${err instanceof Error ? err.message : String(err)})` };
  }
}
