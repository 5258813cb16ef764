// The API key's wire format, `pk_<id>_<secret>`: id is 24 hex digits (safe to log and store), secret
// is 32 random bytes in base64url (43 characters, never stored). Parsing is a linear scan.

import { createHash, randomBytes } from 'node:crypto';

const ID_LENGTH = 24;
const SECRET_LENGTH = 43;
/** `pk_` + id + `_` + secret. */
export const KEY_LENGTH = 3 + ID_LENGTH + 1 + SECRET_LENGTH;

export function newKeyParts(): { id: string; secret: string } {
  return { id: randomBytes(ID_LENGTH / 2).toString('hex'), secret: randomBytes(32).toString('base64url') };
}

export function formatKey(id: string, secret: string): string {
  return `pk_${id}_${secret}`;
}

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
const isB64url = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;

/** Splits a presented key into id and secret; undefined when it is not exactly our format. */
export function parseKey(presented: string): { id: string; secret: string } | undefined {
  if (presented.length !== KEY_LENGTH || !presented.startsWith('pk_') || presented[3 + ID_LENGTH] !== '_')
    return undefined;
  for (let i = 3; i < 3 + ID_LENGTH; i++) if (!isHex(presented.charCodeAt(i))) return undefined;
  for (let i = 4 + ID_LENGTH; i < KEY_LENGTH; i++) if (!isB64url(presented.charCodeAt(i))) return undefined;
  return { id: presented.slice(3, 3 + ID_LENGTH), secret: presented.slice(4 + ID_LENGTH) };
}

/**
 * SHA-256 of the secret. A fast hash is right here: the secret is 256 bits from the CSPRNG, so there
 * is nothing to brute-force and a slow KDF (bcrypt, scrypt, argon2) would only cost the hot path.
 * Slow KDFs are for low-entropy human passwords.
 */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
