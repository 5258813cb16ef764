// Bearer JWTs verified with jose against a JWKS (URL or file). Only asymmetric algorithms from the
// configured allow-list are accepted, so `none` and HMAC-with-the-public-key confusion cannot pass.

import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { JwtConfig } from '../config/index.ts';
import { deny, fail, ok, type Result } from '../errors/index.ts';
import type { Identity } from './types.ts';

export interface JwtVerifier {
  verify(token: string): Promise<Result<Identity>>;
}

const CACHE_MAX = 10_000;
/** A verified token is re-checked at least this often, so a JWKS rotation takes effect. */
const CACHE_MS = 60_000;

/**
 * Builds a verifier from config. Verified tokens are cached (bounded, until their `exp` or a minute),
 * because a signature check per request costs more than the rest of the pipeline.
 */
export function createJwtVerifier(cfg: JwtConfig): JwtVerifier {
  const keys: JWTVerifyGetKey = cfg.jwksUrl
    ? createRemoteJWKSet(new URL(cfg.jwksUrl), {
        cooldownDuration: 30_000,
        cacheMaxAge: 600_000,
        timeoutDuration: 5000,
      })
    : createLocalJWKSet(JSON.parse(readFileSync(cfg.jwksFile!, 'utf8')) as JSONWebKeySet);
  const cache = new Map<string, { identity: Identity; until: number }>();
  const clockTolerance = Math.round(cfg.clockTolerance / 1000);

  return {
    async verify(token) {
      const now = Date.now();
      const hit = cache.get(token);
      if (hit && hit.until > now) return ok(hit.identity);
      if (hit) cache.delete(token);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: cfg.issuer,
          audience: cfg.audience,
          algorithms: cfg.algorithms,
          clockTolerance,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (err) {
        if (err instanceof errors.JWTExpired) return fail(deny('auth.expired', 'The token has expired.'));
        const why = err instanceof errors.JOSEError ? err.code : 'ERR_JWT_INVALID';
        return fail(deny('auth.invalid', 'The bearer token failed verification.', { detail: { jwt: why } }));
      }
      const identity: Identity = {
        kind: 'jwt',
        id: String(payload.sub),
        roles: stringList(payload[cfg.rolesClaim]),
        models: payload[cfg.modelsClaim] === undefined ? ['*'] : stringList(payload[cfg.modelsClaim]),
        tenant:
          cfg.tenantClaim && typeof payload[cfg.tenantClaim] === 'string'
            ? String(payload[cfg.tenantClaim])
            : undefined,
      };
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(token, { identity, until: Math.min(now + CACHE_MS, (payload.exp ?? 0) * 1000) });
      return ok(identity);
    },
  };
}

function stringList(v: unknown): string[] {
  if (typeof v === 'string') return v.split(/[ ,]+/).filter(Boolean);
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}
