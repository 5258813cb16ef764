// Checkpoint signing: an Ed25519 key kept in a PEM file (created on first use, mode 0600), never in
// the database; the checkpoint row carries only the public key and its id.

import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The bytes a checkpoint signs: domain-separated so the signature means nothing elsewhere. */
export function checkpointPayload(node: string, seq: number, hash: string): Buffer {
  return Buffer.from(`parapet.audit.checkpoint.v1\n${node}\n${seq}\n${hash}`, 'utf8');
}

/** Id of a public key: the first 32 hex digits of SHA-256 over its SPKI DER. */
export function keyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 32);
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicPem: string;
  readonly id: string;
}

function fromPrivate(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error('the audit signing key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    id: keyId(publicKey),
  };
}

/** Reads the Ed25519 private key at `path`, generating it (mode 0600) when the file does not exist. */
export function loadOrCreateSigningKey(path: string): SigningKey {
  try {
    return fromPrivate(createPrivateKey(readFileSync(path)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs, so both sign with the same key.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return fromPrivate(createPrivateKey(readFileSync(path)));
    throw err;
  }
  return fromPrivate(privateKey);
}

/** Reads a public key from a PEM file holding either the private key or the public key. */
export function readPublicKey(path: string): KeyObject {
  const pem = readFileSync(path);
  try {
    return createPublicKey(createPrivateKey(pem));
  } catch {
    return createPublicKey(pem);
  }
}

export function signCheckpoint(key: SigningKey, node: string, seq: number, hash: string): string {
  return sign(null, checkpointPayload(node, seq, hash), key.privateKey).toString('base64');
}

export function verifyCheckpointSignature(
  publicKey: KeyObject,
  node: string,
  seq: number,
  hash: string,
  signature: string,
): boolean {
  return verify(null, checkpointPayload(node, seq, hash), publicKey, Buffer.from(signature, 'base64'));
}
