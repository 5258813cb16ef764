// Conformance: every OMS v1.0 test vector of ossf/model-signing-spec is accepted or rejected as the
// spec says, and the signed model directories of sigstore/model-transparency verify. That public data
// is not shipped in this repository (see CONFORMANCE in lib/testing.ts); without it these tests are
// reported as skipped with the reason, never as passed.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashTree } from './hash.ts';
import { parsePublicKey } from './keys.ts';
import { splitPemCertificates } from './lib/chain.ts';
import { CONFORMANCE, copyFixture, tempDir } from './lib/testing.ts';
import { parseTrustedRoot } from './lib/trusted-root.ts';
import { buildManifest } from './manifest.ts';
import { bundleSchema } from './schema.ts';
import { loadTrustPolicy, trustFromOptions } from './trust.ts';
import { verifyPath } from './verify.ts';

const V = join(CONFORMANCE, 'oms-spec/v1.0');
const MT = join(CONFORMANCE, 'model-transparency');
const present = existsSync(V) && existsSync(MT);

if (!present) {
  test('OMS v1.0 conformance vectors', (t) => {
    t.skip(`conformance data not found at ${CONFORMANCE} (set PARAPET_CONFORMANCE_DIR)`);
  });
} else {
  conformance();
}

function conformance() {
  const read = (p: string) => readFileSync(p, 'utf8');

  const pub = parsePublicKey(read(join(MT, 'keys/signing-key-pub.pem')));
  assert.ok(pub.ok);
  const sigstoreRoot = parseTrustedRoot(JSON.parse(read(join(MT, 'sigstore-trust-config.json'))));
  assert.ok(sigstoreRoot.ok);
  const trust = trustFromOptions({
    keys: [pub.key],
    roots: splitPemCertificates(read(join(MT, 'keys/ca-cert.pem'))),
    sigstore: sigstoreRoot.root,
  });

  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    tmp = await tempDir();
    // The spec's key and certificate vectors sign the files of model-transparency's elliptic-key model,
    // its sigstore vector those of the sigstore model; the bundles live outside the copies.
    await copyFixture(
      'model-transparency/v1.1.0-elliptic-key',
      join(tmp.dir, 'model'),
      ['model.sig'],
      CONFORMANCE,
    );
    await copyFixture(
      'model-transparency/v1.1.0-sigstore',
      join(tmp.dir, 'sigstore-model'),
      ['model.sig'],
      CONFORMANCE,
    );
  });
  after(() => tmp.cleanup());

  test('reproduces the root digest model-transparency signed for its elliptic-key model', async () => {
    const tree = await hashTree(join(MT, 'v1.1.0-elliptic-key'), { ignorePaths: ['ignore-me', 'model.sig'] });
    const m = buildManifest(tree);
    assert.ok(m.ok);
    assert.equal(
      m.statement.subject[0].digest.sha256,
      '92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4',
    );
    assert.deepEqual(
      m.statement.predicate.resources.map((r) => r.name),
      ['signme-1', 'signme-2'],
    );
  });

  test('a trust policy file can name a Sigstore trusted root and a signer identity', async () => {
    const f = join(tmp.dir, 'trust.yaml');
    await writeFile(
      f,
      `signers:\n  - name: public-good\n    sigstore: { trustedRoot: ${join(MT, 'sigstore-trust-config.json')}, san: stefanb@us.ibm.com }\n`,
    );
    const r = await loadTrustPolicy(f);
    assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
    const s = r.policy.signers[0];
    assert.ok((s?.sigstore?.roots.length ?? 0) >= 2);
    assert.equal(s?.sigstore?.tlogKeys?.size, 1);
  });

  describe('OMS v1.0 spec vectors', () => {
    for (const name of readdirSync(join(V, 'valid'))) {
      test(`accepts valid/${name}: schema, signature, trusted signer and every file`, async () => {
        const text = read(join(V, 'valid', name));
        assert.ok(bundleSchema.safeParse(JSON.parse(text)).success);
        const dir = join(tmp.dir, name.startsWith('sigstore') ? 'sigstore-model' : 'model');
        const r = await verifyPath(dir, text, trust);
        assert.deepEqual(r.problems, []);
        assert.equal(r.ok, true);
        assert.equal(r.method, name.split('.')[0]);
      });
    }
    for (const group of ['invalid', 'invalid-payload']) {
      for (const name of readdirSync(join(V, group))) {
        test(`rejects ${group}/${name} as an invalid bundle`, async () => {
          const r = await verifyPath(join(tmp.dir, 'model'), read(join(V, group, name)), trust);
          assert.equal(r.ok, false);
          assert.ok(
            r.problems.some((p) => p.kind === 'bundle_invalid'),
            JSON.stringify(r.problems),
          );
        });
      }
    }
  });

  describe('sigstore/model-transparency signed models', () => {
    for (const d of ['v1.1.0-elliptic-key', 'v1.1.0-certificate', 'v1.1.0-sigstore', 'v1.0.1-elliptic-key']) {
      test(`verifies ${d}/model.sig in place`, async () => {
        const dir = join(MT, d);
        const r = await verifyPath(dir, read(join(dir, 'model.sig')), trust, {
          signaturePath: join(dir, 'model.sig'),
          // v1.0.1 predates serialization.ignore_paths; its test passes --ignore-paths like this.
          ignorePaths: d.startsWith('v1.0.1') ? ['ignore-me'] : [],
        });
        assert.deepEqual(r.problems, []);
        assert.equal(r.ok, true);
      });
    }

    test('a sigstore bundle is untrusted when the trust policy has no Sigstore root', async () => {
      const dir = join(MT, 'v1.1.0-sigstore');
      const r = await verifyPath(dir, read(join(dir, 'model.sig')), trustFromOptions({ keys: [pub.key] }), {
        signaturePath: join(dir, 'model.sig'),
      });
      assert.equal(r.ok, false);
      assert.deepEqual(
        r.problems.map((p) => p.kind),
        ['signer_untrusted'],
      );
    });

    for (const [what, edit, expect] of [
      [
        'a wrong sibling hash in the inclusion proof',
        (e: { inclusionProof: { hashes: string[] } }) => {
          e.inclusionProof.hashes[3] = Buffer.alloc(32, 1).toString('base64');
        },
        'inclusion proof',
      ],
      [
        'a checkpoint for another tree size',
        (e: { inclusionProof: { checkpoint: { envelope: string } } }) => {
          const lines = e.inclusionProof.checkpoint.envelope.split('\n');
          lines[1] = String(Number(lines[1]) + 1);
          e.inclusionProof.checkpoint.envelope = lines.join('\n');
        },
        'checkpoint',
      ],
    ] as const) {
      test(`a sigstore bundle with ${what} is untrusted`, async () => {
        const dir = join(MT, 'v1.1.0-sigstore');
        const b = JSON.parse(read(join(dir, 'model.sig')));
        (edit as (e: unknown) => void)(b.verificationMaterial.tlogEntries[0]);
        const r = await verifyPath(dir, b, trust, { signaturePath: join(dir, 'model.sig') });
        const p = r.problems.find((x) => x.kind === 'signer_untrusted');
        assert.ok(p && 'message' in p && p.message.includes(expect), JSON.stringify(r.problems));
      });
    }

    test('a sigstore bundle whose log entry was tampered with is untrusted', async () => {
      const dir = join(MT, 'v1.1.0-sigstore');
      const b = JSON.parse(read(join(dir, 'model.sig')));
      b.verificationMaterial.tlogEntries[0].integratedTime = String(
        Number(b.verificationMaterial.tlogEntries[0].integratedTime) + 1,
      );
      const r = await verifyPath(dir, b, trust, { signaturePath: join(dir, 'model.sig') });
      assert.equal(r.ok, false);
      const p = r.problems.find((x) => x.kind === 'signer_untrusted');
      assert.ok(
        p && 'message' in p && p.message.includes('signed entry timestamp'),
        JSON.stringify(r.problems),
      );
    });
  });
}
