// API keys: `pk_<id>_<secret>`, stored as a SHA-256 of the secret, verified on the hot path with a
// one-second cache. The operator side (create, list, revoke) and the gateway side (verify).

export { parseKey } from './format.ts';
export {
  type CreateKeyInput,
  createKey,
  createKeyInput,
  type KeyInfo,
  listKeys,
  revokeKey,
} from './manage.ts';
export { createKeyVerifier, type KeyIdentity, type KeyVerifier, type KeyVerifierOptions } from './verify.ts';
