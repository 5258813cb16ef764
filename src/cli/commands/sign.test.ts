import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const BIN = new URL('../../../bin/parapet.js', import.meta.url).pathname;
const PKI = new URL('../../registry/fixtures/pki/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parapet-cli-sign-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir });
after(() => rmSync(dir, { recursive: true, force: true }));

test('signing-key create, sign and verify round-trip; a changed file fails verify with exit 1 and is named', () => {
  mkdirSync(join(dir, 'model/sub'), { recursive: true });
  writeFileSync(join(dir, 'model/config.json'), '{}');
  writeFileSync(join(dir, 'model/sub/w.bin'), Buffer.alloc(4096, 1));
  assert.equal(cli('signing-key', 'create', '--type', 'ecdsa-p256', '--out', 'keys').status, 0);
  const signed = cli('sign', 'model', '--key', 'keys/signing-key.pem', '--out', 'model/model.sig');
  assert.equal(signed.status, 0, signed.stderr);
  assert.equal(signed.stderr, '', 'no progress bar when stderr is not a terminal');
  const ok = cli('verify', 'model', '--signature', 'model/model.sig', '--key', 'keys/signing-key.pub.pem');
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^verified model: 2 file\(s\)/);

  appendFileSync(join(dir, 'model/sub/w.bin'), 'x');
  const bad = cli('verify', 'model', '--signature', 'model/model.sig', '--key', 'keys/signing-key.pub.pem');
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /modified: sub\/w\.bin/);
});

test('verify with a trust policy file rejects a signer outside its artifacts', () => {
  mkdirSync(join(dir, 'm2'), { recursive: true });
  writeFileSync(join(dir, 'm2/a.txt'), 'a');
  assert.equal(cli('signing-key', 'create', '--type', 'ed25519', '--out', 'k2').status, 0);
  assert.equal(cli('sign', 'm2', '--key', 'k2/signing-key.pem', '--out', 'm2.sig').status, 0);
  writeFileSync(
    join(dir, 'trust.yaml'),
    'signers:\n  - name: fraud-team\n    publicKey: k2/signing-key.pub.pem\n    artifacts: ["fraud-*"]\n',
  );
  const denied = cli('verify', 'm2', '--signature', 'm2.sig', '--trust', 'trust.yaml');
  assert.equal(denied.status, 1);
  assert.match(denied.stdout, /may not sign artifact "m2"/);
  const allowed = cli(
    'verify',
    'm2',
    '--signature',
    'm2.sig',
    '--trust',
    'trust.yaml',
    '--artifact',
    'fraud-v2',
  );
  assert.equal(allowed.status, 0, allowed.stdout);
});

test('verify without any trust option is a usage error (exit 2)', () => {
  const r = cli('verify', 'model', '--signature', 'model/model.sig');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /whom to trust/);
});

test('sign with a certificate chain, verify against the root; another root is an untrusted signer', () => {
  mkdirSync(join(dir, 'm3'), { recursive: true });
  writeFileSync(join(dir, 'm3/w.bin'), 'cert-signed weights');
  const signed = cli(
    'sign',
    'm3',
    '--key',
    `${PKI}signer.key`,
    '--cert-chain',
    `${PKI}signer-chain.pem`,
    '--out',
    'm3.sig',
  );
  assert.equal(signed.status, 0, signed.stderr);
  const ok = cli('verify', 'm3', '--signature', 'm3.sig', '--cert-chain', `${PKI}root.pem`);
  assert.equal(ok.status, 0, ok.stdout);
  assert.match(ok.stdout, /certificate signature by certificate-chain \(CN=model-signer/);
  const other = cli('verify', 'm3', '--signature', 'm3.sig', '--cert-chain', `${PKI}other-root.pem`);
  assert.equal(other.status, 1);
  assert.match(other.stdout, /signer untrusted/);
});
