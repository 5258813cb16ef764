import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES, tempDir } from './lib/testing.ts';
import { loadTrustPolicy } from './trust.ts';

let tmp: Awaited<ReturnType<typeof tempDir>>;
before(async () => {
  tmp = await tempDir();
});
after(() => tmp.cleanup());

test('loads keys, certificate roots and a Sigstore trusted root, with paths relative to the file', async () => {
  const f = join(tmp.dir, 'trust.yaml');
  await writeFile(
    f,
    [
      'signers:',
      '  - name: mt-key',
      `    publicKey: ${join(FIXTURES, 'model-transparency/keys/signing-key-pub.pem')}`,
      '    artifacts: ["fraud-*"]',
      '  - name: corp',
      `    certificate: { roots: [${join(FIXTURES, 'pki/root.pem')}], subject: "CN=model-signer, O=Parapet Tests" }`,
      '  - name: public-good',
      `    sigstore: { trustedRoot: ${join(FIXTURES, 'model-transparency/sigstore-trust-config.json')}, san: stefanb@us.ibm.com }`,
    ].join('\n'),
  );
  const r = await loadTrustPolicy(f);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  const [k, c, s] = r.policy.signers;
  assert.equal(k?.publicKey?.asymmetricKeyDetails?.namedCurve, 'secp384r1');
  assert.deepEqual(k?.artifacts, ['fraud-*']);
  assert.equal(c?.certificate?.roots.length, 1);
  assert.ok((s?.sigstore?.roots.length ?? 0) >= 2);
  assert.equal(s?.sigstore?.tlogKeys?.size, 1);
});

test('names the file, the signer and the field when a policy is wrong', async () => {
  const f = join(tmp.dir, 'bad.yaml');
  await writeFile(f, 'signers:\n  - name: nobody\n  - name: two\n    publicKey: missing.pem\n');
  const r = await loadTrustPolicy(f);
  assert.equal(r.ok, false);
  assert.ok(
    !r.ok && r.errors.some((e) => e.includes('signers.0') && e.includes('exactly one')),
    JSON.stringify(r),
  );
});

test('a key file that is not a public key is an error, not a crash', async () => {
  const f = join(tmp.dir, 'nokey.json');
  await writeFile(
    f,
    JSON.stringify({
      signers: [{ name: 'x', publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' }],
    }),
  );
  const r = await loadTrustPolicy(f);
  assert.ok(!r.ok && r.errors[0]?.includes('publicKey'));
});

test('a key path that does not exist is an error naming the signer', async () => {
  const f = join(tmp.dir, 'missing.yaml');
  await writeFile(f, 'signers:\n  - name: gone\n    publicKey: no/such/key.pem\n');
  const r = await loadTrustPolicy(f);
  assert.ok(
    !r.ok && r.errors[0]?.includes('(gone): publicKey') && r.errors[0]?.includes('ENOENT'),
    JSON.stringify(r),
  );
});
