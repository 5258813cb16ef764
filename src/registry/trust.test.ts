import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

test('loads keys and certificate roots, with paths relative to the file', async () => {
  const f = join(tmp.dir, 'trust.yaml');
  const pub = createPublicKey(readFileSync(join(FIXTURES, 'pki/signer.key'))).export({ type: 'spki', format: 'pem' });
  await writeFile(join(tmp.dir, 'signer-pub.pem'), pub);
  await writeFile(
    f,
    [
      'signers:',
      '  - name: team-key',
      '    publicKey: signer-pub.pem',
      '    artifacts: ["fraud-*"]',
      '  - name: corp',
      `    certificate: { roots: [${join(FIXTURES, 'pki/root.pem')}], subject: "CN=model-signer, O=Parapet Tests" }`,
    ].join('\n'),
  );
  const r = await loadTrustPolicy(f);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  const [k, c] = r.policy.signers;
  assert.equal(k?.publicKey?.asymmetricKeyType, createPublicKey(pub).asymmetricKeyType);
  assert.deepEqual(k?.artifacts, ['fraud-*']);
  assert.equal(c?.certificate?.roots.length, 1);
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
