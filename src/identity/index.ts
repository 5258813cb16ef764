export { createIdentifier, type Identifier, type IdentifierParts, presentedCredential } from './identify.ts';
export { createJwtVerifier, type JwtVerifier } from './jwt.ts';
export { identifyCertificate } from './mtls.ts';
export type { Identity } from './types.ts';
