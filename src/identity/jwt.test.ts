import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { configSchema } from '../config/index.ts';
import { createJwtVerifier, type JwtVerifier } from './jwt.ts';

const ISS = 'https://idp.example';
const AUD = 'parapet';

async function rsaKey() {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  return { publicKey, privateKey, jwk };
}

function b64(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

for (const source of ['file', 'url'] as const) {
  describe(`JWT bearer tokens (JWKS from ${source})`, () => {
    let key: Awaited<ReturnType<typeof rsaKey>>;
    let verifier: JwtVerifier;
    let server: ReturnType<typeof createServer> | undefined;

    before(async () => {
      key = await rsaKey();
      const jwks = JSON.stringify({ keys: [key.jwk] });
      let jwt: Record<string, unknown> = { issuer: ISS, audience: AUD, clockTolerance: '5s' };
      if (source === 'file') {
        const file = join(tmpdir(), `parapet-jwks-${process.pid}-${Date.now()}.json`);
        writeFileSync(file, jwks);
        jwt = { ...jwt, jwksFile: file };
      } else {
        server = createServer((_q, r) => r.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
        await new Promise<void>((res) => server!.listen(0, '127.0.0.1', res));
        jwt = { ...jwt, jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json` };
      }
      verifier = createJwtVerifier(configSchema.parse({ identity: { jwt } }).identity.jwt!);
    });
    after(() => server?.close());

    const sign = (claims: Record<string, unknown> = {}, opts: { exp?: string | number } = {}) =>
      new SignJWT({ roles: ['app'], models: ['m1'], ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('alice')
        .setIssuer(ISS)
        .setAudience(AUD)
        .setIssuedAt()
        .setExpirationTime(opts.exp ?? '5m')
        .sign(key.privateKey);

    test('accepts a valid token and takes roles and models from its claims', async () => {
      const r = await verifier.verify(await sign());
      assert.ok(r.ok);
      assert.deepEqual(r.value, {
        kind: 'jwt',
        id: 'alice',
        roles: ['app'],
        models: ['m1'],
        tenant: undefined,
      });
    });

    test('rejects alg none', async () => {
      const body = b64({
        sub: 'alice',
        iss: ISS,
        aud: AUD,
        exp: Math.floor(Date.now() / 1000) + 60,
        roles: ['admin'],
      });
      const r = await verifier.verify(`${b64({ alg: 'none', typ: 'JWT' })}.${body}.`);
      assert.ok(!r.ok);
      assert.equal(r.denial.code, 'auth.invalid');
    });

    test('rejects a token signed with HS256 using the public key as the HMAC secret', async () => {
      const pem = await exportSPKI(key.publicKey);
      const head = b64({ alg: 'HS256', typ: 'JWT', kid: 'k1' });
      const body = b64({
        sub: 'mallory',
        iss: ISS,
        aud: AUD,
        exp: Math.floor(Date.now() / 1000) + 60,
        roles: ['admin'],
      });
      for (const secret of [pem, JSON.stringify(key.jwk)]) {
        const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
        const r = await verifier.verify(`${head}.${body}.${sig}`);
        assert.ok(!r.ok);
        assert.equal(r.denial.code, 'auth.invalid');
      }
    });

    test('rejects a token signed by another key', async () => {
      const other = await rsaKey();
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('alice')
        .setIssuer(ISS)
        .setAudience(AUD)
        .setExpirationTime('5m')
        .sign(other.privateKey);
      const r = await verifier.verify(token);
      assert.ok(!r.ok && r.denial.code === 'auth.invalid');
    });

    test('rejects the wrong issuer and the wrong audience', async () => {
      for (const token of [
        await new SignJWT({})
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject('a')
          .setIssuer('https://evil.example')
          .setAudience(AUD)
          .setExpirationTime('5m')
          .sign(key.privateKey),
        await new SignJWT({})
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject('a')
          .setIssuer(ISS)
          .setAudience('someone-else')
          .setExpirationTime('5m')
          .sign(key.privateKey),
      ]) {
        const r = await verifier.verify(token);
        assert.ok(!r.ok && r.denial.code === 'auth.invalid');
      }
    });

    test('rejects an expired token as auth.expired, beyond the clock tolerance', async () => {
      const r = await verifier.verify(await sign({}, { exp: Math.floor(Date.now() / 1000) - 60 }));
      assert.ok(!r.ok);
      assert.equal(r.denial.code, 'auth.expired');
    });

    test('accepts a token expired by less than the clock tolerance', async () => {
      const r = await verifier.verify(await sign({}, { exp: Math.floor(Date.now() / 1000) - 2 }));
      assert.ok(r.ok);
    });

    test('rejects a tampered payload', async () => {
      const [h, , s] = (await sign()).split('.');
      const forged = b64({
        sub: 'alice',
        iss: ISS,
        aud: AUD,
        exp: Math.floor(Date.now() / 1000) + 60,
        roles: ['admin'],
      });
      const r = await verifier.verify(`${h}.${forged}.${s}`);
      assert.ok(!r.ok && r.denial.code === 'auth.invalid');
    });
  });
}
