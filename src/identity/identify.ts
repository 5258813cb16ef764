// Identifies the caller of one request: a verified client certificate, else the bearer credential
// (an API key `pk_…`, or a JWT). Denials: auth.missing, auth.invalid, auth.expired, auth.revoked.

import type { IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { MtlsIdentityConfig } from '../config/index.ts';
import { deny, fail, type Result } from '../errors/index.ts';
import type { JwtVerifier } from './jwt.ts';
import { identifyCertificate } from './mtls.ts';
import type { Identity } from './types.ts';

export interface Identifier {
  identify(headers: IncomingHttpHeaders, socket: unknown): Promise<Result<Identity>>;
}

export interface IdentifierParts {
  /** Verifies `pk_…` keys; absent when API keys are switched off. */
  readonly keys?: { verify(presented: string): Promise<Result<Identity>> };
  readonly jwt?: JwtVerifier;
  readonly mtls?: readonly MtlsIdentityConfig[];
}

/** Extracts the presented credential: `Authorization: Bearer …` or the `x-api-key` header. */
export function presentedCredential(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (auth) {
    const space = auth.indexOf(' ');
    if (space > 0 && auth.slice(0, space).toLowerCase() === 'bearer')
      return auth.slice(space + 1).trim() || undefined;
    return undefined;
  }
  const key = headers['x-api-key'];
  return typeof key === 'string' && key ? key.trim() : undefined;
}

export function createIdentifier(parts: IdentifierParts): Identifier {
  return {
    async identify(headers, socket) {
      if (parts.mtls && (socket as TLSSocket | undefined)?.encrypted) {
        const id = identifyCertificate(socket as TLSSocket, parts.mtls);
        if (id) return { ok: true, value: id };
      }
      const cred = presentedCredential(headers);
      if (!cred) {
        const malformed = headers.authorization !== undefined;
        return fail(
          malformed
            ? deny('auth.invalid', 'The Authorization header must be "Bearer <key or token>".')
            : deny('auth.missing', 'Present an API key or token: Authorization: Bearer <key>.'),
        );
      }
      if (cred.startsWith('pk_')) {
        if (!parts.keys) return fail(deny('auth.invalid', 'API keys are not accepted by this gateway.'));
        return parts.keys.verify(cred);
      }
      if (parts.jwt && cred.split('.').length === 3) return parts.jwt.verify(cred);
      return fail(deny('auth.invalid'));
    },
  };
}
