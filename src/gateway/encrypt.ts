// Encrypted responses: for clients that must not trust the network path beyond TLS, a model may
// encrypt its answers to the caller's registered public key as a compact JWE (jose).

import { readFileSync } from 'node:fs';
import { CompactEncrypt, type CryptoKey, importJWK, type JWK } from 'jose';

export interface ResponseKey {
  readonly key: CryptoKey | Uint8Array;
  readonly alg: 'ECDH-ES+A256KW' | 'RSA-OAEP-256';
  readonly kid?: string;
}

/** Loads identity id → public JWK files; an unusable file is an error naming it. */
export async function loadResponseKeys(
  files: Readonly<Record<string, string>>,
): Promise<Map<string, ResponseKey>> {
  const keys = new Map<string, ResponseKey>();
  for (const [id, file] of Object.entries(files)) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    } catch (err) {
      throw new Error(`identity.responseKeys.${id}: cannot read JWK ${file}: ${(err as Error).message}`, { cause: err });
    }
    if (jwk.d)
      throw new Error(
        `identity.responseKeys.${id}: ${file} holds a private key; register the public key only`,
      );
    const alg =
      jwk.kty === 'RSA'
        ? 'RSA-OAEP-256'
        : jwk.kty === 'EC' || jwk.kty === 'OKP'
          ? 'ECDH-ES+A256KW'
          : undefined;
    if (!alg) throw new Error(`identity.responseKeys.${id}: ${file}: expected an EC, OKP or RSA public key`);
    keys.set(id, { key: await importJWK(jwk, alg), alg, kid: jwk.kid });
  }
  return keys;
}

/** Encrypts a response body; the result is served as `application/jose`. */
export function encryptBody(body: string | Buffer, to: ResponseKey, contentType: string): Promise<string> {
  const plaintext = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
  return new CompactEncrypt(plaintext)
    .setProtectedHeader({ alg: to.alg, enc: 'A256GCM', cty: contentType, ...(to.kid ? { kid: to.kid } : {}) })
    .encrypt(to.key);
}
