// Transport: HTTPS with TLS 1.2+, certificate reload without restart, client certificates as an
// identity (mutual TLS), and answers encrypted to the caller's registered public key (JWE).

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { type CryptoKey, compactDecrypt, exportJWK, generateKeyPair } from 'jose';
import { makeCerts } from './support/certs.ts';
import { chat, type TestGateway, testGateway } from './support/gateway.ts';

interface Answer {
  status: number;
  body: string;
  cert: PeerCertificate;
}

function httpsPost(
  url: string,
  body: string,
  opts: { ca: Buffer; cert?: Buffer; key?: Buffer; headers?: Record<string, string>; maxVersion?: 'TLSv1.1' },
) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        maxVersion: opts.maxVersion,
        minVersion: opts.maxVersion ? 'TLSv1' : undefined,
        agent: false,
        checkServerIdentity,
        headers: { 'content-type': 'application/json', ...opts.headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            body: text,
            cert: (res.socket as import('node:tls').TLSSocket).getPeerCertificate(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('transport', () => {
  let gw: TestGateway;
  let certs: Record<string, string>;
  let ca: Buffer;
  let certFile: string;
  let clientKey: CryptoKey;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-tls-'));
    certs = makeCerts(dir);
    ca = readFileSync(certs.ca);
    certFile = join(dir, 'live.pem');
    copyFileSync(certs.cert, certFile);
    const pair = await generateKeyPair('ECDH-ES+A256KW', { extractable: true });
    clientKey = pair.privateKey as CryptoKey;
    const jwkFile = join(dir, 'billing.jwk.json');
    writeFileSync(jwkFile, JSON.stringify({ ...(await exportJWK(pair.publicKey)), kid: 'billing-1' }));
    gw = await testGateway(
      (u) => `listen: { port: 0, tls: { cert: ${certFile}, key: ${certs.key}, clientCa: ${certs.ca} } }
identity:
  mtls: [ { match: "URI:spiffe://test/billing-service", id: billing, roles: [app], models: [demo-chat, sealed] } ]
  responseKeys: { billing: ${jwkFile} }
models:
  - { name: demo-chat, upstream: { kind: openai, url: "${u}/v1" } }
  - { name: sealed, encryptResponses: true, upstream: { kind: openai, url: "${u}/v1" } }`,
    );
  });
  after(() => gw.close());

  const client = () => ({ ca, cert: readFileSync(certs.clientCert), key: readFileSync(certs.clientKey) });

  test('serves HTTPS with the configured certificate and refuses TLS 1.1', async () => {
    assert.match(gw.url, /^https:/);
    const r = await httpsPost(`${gw.url}/v1/chat/completions`, chat('x'), { ca });
    assert.equal(r.status, 401);
    assert.equal(r.cert.subject.CN, 'localhost');
    await assert.rejects(
      httpsPost(`${gw.url}/v1/chat/completions`, chat('x'), { ca, maxVersion: 'TLSv1.1' }),
    );
  });

  test('a verified client certificate is an identity; its models are enforced', async () => {
    const ok = await httpsPost(`${gw.url}/v1/chat/completions`, chat('from mtls'), client());
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(ok.body).choices[0].message.content, 'You said: from mtls');
    const denied = await httpsPost(`${gw.url}/v1/models/iris/infer`, '{"inputs":[1,2,3,4]}', client());
    assert.equal(JSON.parse(denied.body).error.code, 'policy.denied');
  });

  test('answers of an encrypting model are a JWE only the caller can open', async () => {
    const body = JSON.stringify({ model: 'sealed', messages: [{ role: 'user', content: 'for your eyes' }] });
    const r = await httpsPost(`${gw.url}/v1/chat/completions`, body, client());
    assert.equal(r.status, 200);
    assert.equal(r.body.split('.').length, 5, 'expected a compact JWE');
    const { plaintext, protectedHeader } = await compactDecrypt(r.body, clientKey);
    assert.equal(protectedHeader.kid, 'billing-1');
    assert.equal(
      JSON.parse(new TextDecoder().decode(plaintext)).choices[0].message.content,
      'You said: for your eyes',
    );
  });

  test('a caller with no registered encryption key is refused by an encrypting model', async () => {
    const key = await gw.key();
    const body = JSON.stringify({ model: 'sealed', messages: [{ role: 'user', content: 'x' }] });
    const r = await httpsPost(`${gw.url}/v1/chat/completions`, body, {
      ca,
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(r.status, 403);
    assert.equal(JSON.parse(r.body).error.code, 'policy.denied');
  });

  test('a renewed certificate file is served without a restart', async () => {
    const other = makeCerts(mkdtempSync(join(tmpdir(), 'parapet-tls2-')));
    copyFileSync(other.key, certs.key);
    copyFileSync(other.cert, certFile);
    const ca2 = readFileSync(other.ca);
    let served = false;
    for (let i = 0; i < 50 && !served; i++) {
      await new Promise((r) => setTimeout(r, 200));
      try {
        await httpsPost(`${gw.url}/healthz`, '', { ca: ca2 });
        served = true;
      } catch {}
    }
    assert.ok(served, 'the new certificate was not picked up within 10 s');
  });
});
