// Tamper detection end to end: sign a model, change it one way at a time, and check that verifyPath
// fails and names exactly what changed — content, added, removed and renamed files, a replaced
// signature, an untrusted key, a signer outside its artifacts, an untrusted certificate chain.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { appendFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { verificationDenial } from './denial.ts';
import { hashTree } from './hash.ts';
import { createSigningKey, parsePrivateKey, parsePublicKey } from './keys.ts';
import { splitPemCertificates } from './lib/chain.ts';
import { FIXTURES, tempDir, writeTree } from './lib/testing.ts';
import { buildManifest } from './manifest.ts';
import type { Bundle } from './schema.ts';
import { type Signer, signManifest } from './sign.ts';
import { trustFromOptions } from './trust.ts';
import { verifyPath } from './verify.ts';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let keys: Record<'ec' | 'ed' | 'other', { priv: string; pub: string }>;
let model: string;

const FILES = {
  'config.json': '{"layers": 12}',
  'weights/part-1.bin': Buffer.alloc(3000, 7),
  'weights/part-2.bin': Buffer.alloc(2500, 9),
  'tokenizer/vocab.txt': 'a\nb\nc\n',
};

async function sign(dir: string, signer: Signer, method: 'files' | 'shards' = 'files'): Promise<Bundle> {
  const tree = await hashTree(dir, { method, shardSize: 1024 });
  const m = buildManifest(tree);
  assert.ok(m.ok, m.ok ? '' : m.error);
  const s = signManifest(m.statement, signer);
  assert.ok(s.ok, s.ok ? '' : s.error);
  return s.bundle;
}

const trustKey = (pubPem: string, artifacts?: string[]) => {
  const k = parsePublicKey(pubPem);
  assert.ok(k.ok);
  return trustFromOptions({ keys: [k.key], artifacts });
};

before(async () => {
  tmp = await tempDir();
  const mk = async (type: 'ecdsa-p256' | 'ed25519', name: string) => {
    const k = await createSigningKey(type, join(tmp.dir, name));
    return { priv: readFileSync(k.privatePath, 'utf8'), pub: readFileSync(k.publicPath, 'utf8') };
  };
  keys = {
    ec: await mk('ecdsa-p256', 'ec'),
    ed: await mk('ed25519', 'ed'),
    other: await mk('ecdsa-p256', 'other'),
  };
});
after(() => tmp.cleanup());

let n = 0;
beforeEach(async () => {
  model = join(tmp.dir, `model-${++n}`);
  await writeTree(model, FILES);
});

describe('signing and verifying', () => {
  for (const kind of ['ec', 'ed'] as const) {
    test(`a model signed with ${kind === 'ec' ? 'ECDSA P-256' : 'Ed25519'} verifies under its public key`, async () => {
      const bundle = await sign(model, { key: keys[kind].priv });
      const r = await verifyPath(model, bundle, trustKey(keys[kind].pub));
      assert.deepEqual(r.problems, []);
      assert.equal(r.ok, true);
      assert.equal(r.files, 4);
    });
  }

  test('a bundle round-trips through JSON text', async () => {
    const bundle = await sign(model, { key: keys.ec.priv });
    const r = await verifyPath(model, JSON.stringify(bundle, null, 2), trustKey(keys.ec.pub));
    assert.equal(r.ok, true);
  });

  test('createSigningKey refuses to overwrite an existing key', async () => {
    await assert.rejects(createSigningKey('ed25519', join(tmp.dir, 'ec')), /EEXIST/);
  });
});

describe('tampering is detected and named', () => {
  test('changing one byte reports the file as modified', async () => {
    const bundle = await sign(model, { key: keys.ec.priv });
    const buf = Buffer.alloc(3000, 7);
    buf[1234] = 8;
    await writeFile(join(model, 'weights/part-1.bin'), buf);
    const r = await verifyPath(model, bundle, trustKey(keys.ec.pub));
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.problems.map((p) => [p.kind, 'path' in p ? p.path : '']),
      [['modified', 'weights/part-1.bin']],
    );
  });

  test('a failed verification becomes a registry.unverified denial naming the problem', async () => {
    const bundle = await sign(model, { key: keys.ec.priv });
    assert.equal(verificationDenial(await verifyPath(model, bundle, trustKey(keys.ec.pub))), undefined);
    await rm(join(model, 'config.json'));
    const d = verificationDenial(
      await verifyPath(model, bundle, trustKey(keys.ec.pub), { artifact: 'fraud' }),
    );
    assert.equal(d?.code, 'registry.unverified');
    assert.match(d?.message ?? '', /fraud.*removed: config\.json/);
    assert.deepEqual(d?.detail?.problems, [{ kind: 'removed', path: 'config.json' }]);
  });

  test('adding a file reports it as added and unsigned', async () => {
    const bundle = await sign(model, { key: keys.ec.priv });
    await writeFile(join(model, 'weights/extra.bin'), 'x');
    const r = await verifyPath(model, bundle, trustKey(keys.ec.pub));
    assert.deepEqual(r.problems, [{ kind: 'added', path: 'weights/extra.bin' }]);
  });

  test('an added file passes only when unsigned files are explicitly ignored', async () => {
    const bundle = await sign(model, { key: keys.ec.priv });
    await writeFile(join(model, 'notes.md'), 'x');
    assert.equal((await verifyPath(model, bundle, trustKey(keys.ec.pub), { ignoreUnsigned: true })).ok, true);
    assert.equal(
      (await verifyPath(model, bundle, trustKey(keys.ec.pub), { ignorePaths: ['notes.md'] })).ok,
      true,
    );
  });

  test('removing a file reports it as removed', async () => {
    const bundle = await sign(model, { key: keys.ec.priv });
    await rm(join(model, 'tokenizer/vocab.txt'));
    const r = await verifyPath(model, bundle, trustKey(keys.ec.pub));
    assert.deepEqual(r.problems, [{ kind: 'removed', path: 'tokenizer/vocab.txt' }]);
  });

  test('renaming a file reports the rename with both names', async () => {
    const bundle = await sign(model, { key: keys.ec.priv });
    await rename(join(model, 'config.json'), join(model, 'config.old.json'));
    const r = await verifyPath(model, bundle, trustKey(keys.ec.pub));
    assert.deepEqual(r.problems, [{ kind: 'renamed', from: 'config.json', to: 'config.old.json' }]);
  });

  test('a replaced signature is reported as an invalid signature', async () => {
    const bundle = await sign(model, { key: keys.ec.priv });
    const forged = await sign(model, { key: keys.other.priv });
    const swapped = {
      ...bundle,
      dsseEnvelope: { ...bundle.dsseEnvelope, signatures: forged.dsseEnvelope.signatures },
    };
    const r = await verifyPath(model, swapped, trustKey(keys.ec.pub));
    assert.deepEqual(
      r.problems.map((p) => p.kind),
      ['signature_invalid'],
    );
  });

  test('an edited manifest under the original signature is reported as an invalid signature', async () => {
    const bundle = await sign(model, { key: keys.ec.priv });
    const st = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    st.predicate.resources[0].digest = '00'.repeat(32);
    const edited = {
      ...bundle,
      dsseEnvelope: { ...bundle.dsseEnvelope, payload: Buffer.from(JSON.stringify(st)).toString('base64') },
    };
    const r = await verifyPath(model, edited, trustKey(keys.ec.pub));
    assert.ok(r.problems.some((p) => p.kind === 'signature_invalid'));
    assert.equal(r.ok, false);
  });

  test('a model signed with a key the policy does not list is reported as an untrusted signer', async () => {
    const bundle = await sign(model, { key: keys.other.priv });
    const r = await verifyPath(model, bundle, trustKey(keys.ec.pub));
    assert.deepEqual(
      r.problems.map((p) => p.kind),
      ['signer_untrusted'],
    );
  });

  test('a trusted key outside its artifact patterns is reported as an untrusted signer', async () => {
    const bundle = await sign(model, { key: keys.ec.priv });
    const r = await verifyPath(model, bundle, trustKey(keys.ec.pub, ['fraud-*']), { artifact: 'chat-llm' });
    assert.equal(r.ok, false);
    const p = r.problems[0];
    assert.ok(p && p.kind === 'signer_untrusted' && p.message.includes('chat-llm'));
    const allowed = await verifyPath(model, bundle, trustKey(keys.ec.pub, ['fraud-*']), {
      artifact: 'fraud-v3',
    });
    assert.equal(allowed.ok, true);
  });

  test('a missing signature is reported as missing', async () => {
    const r = await verifyPath(model, undefined, trustKey(keys.ec.pub));
    assert.deepEqual(
      r.problems.map((p) => p.kind),
      ['signature_missing'],
    );
  });

  test('a symlink in the model is refused, not followed', async () => {
    const bundle = await sign(model, { key: keys.ec.priv });
    await symlink('/etc/passwd', join(model, 'weights/link.bin'));
    const r = await verifyPath(model, bundle, trustKey(keys.ec.pub));
    assert.deepEqual(r.problems, [{ kind: 'refused', path: 'weights/link.bin', reason: 'symlink' }]);
    const m = buildManifest(await hashTree(model));
    assert.equal(m.ok, false);
  });

  test('a model reached through a symlinked root verifies; links inside it are still refused', async () => {
    const link = `${model}-current`;
    await symlink(model, link);
    const bundle = await sign(link, { key: keys.ec.priv });
    const r = await verifyPath(link, bundle, trustKey(keys.ec.pub));
    assert.deepEqual(r.problems, []);
    assert.equal(r.artifact, `model-${n}-current`);
  });

  test('a changed shard names the file and the byte range', async () => {
    const bundle = await sign(model, { key: keys.ed.priv }, 'shards');
    assert.equal((await verifyPath(model, bundle, trustKey(keys.ed.pub))).ok, true);
    await appendFile(join(model, 'weights/part-2.bin'), 'y');
    const r = await verifyPath(model, bundle, trustKey(keys.ed.pub));
    assert.equal(r.problems.length, 1);
    const p = r.problems[0]!;
    assert.equal(p.kind, 'modified');
    assert.ok(p.kind === 'modified');
    assert.equal(p.path, 'weights/part-2.bin');
    assert.deepEqual(p.ranges, ['weights/part-2.bin:2048:2500', 'weights/part-2.bin:2048:2501']);
  });

  test('a bundle with a one-byte shard size is refused before it can exhaust memory', async () => {
    await writeFile(join(model, 'weights/big.bin'), Buffer.alloc(300_000, 3));
    const tree = await hashTree(model, { method: 'shards', shardSize: 1_000_000 });
    const m = buildManifest(tree);
    assert.ok(m.ok);
    m.statement.predicate.serialization.shard_size = 1;
    const s = signManifest(m.statement, { key: keys.ec.priv });
    assert.ok(s.ok);
    const r = await verifyPath(model, s.bundle, trustKey(keys.ec.pub));
    assert.equal(r.ok, false);
    assert.ok(
      r.problems.some((p) => p.kind === 'unsupported' && p.message.includes('resources')),
      JSON.stringify(r.problems),
    );
  });

  test('a manifest naming a path outside the root is rejected as an invalid bundle', async () => {
    const tree = await hashTree(model);
    const m = buildManifest(tree);
    assert.ok(m.ok);
    m.statement.predicate.resources[0]!.name = '../../etc/passwd';
    const s = signManifest(m.statement, { key: keys.ec.priv });
    assert.ok(s.ok);
    const r = await verifyPath(model, s.bundle, trustKey(keys.ec.pub));
    assert.ok(r.problems.some((p) => p.kind === 'bundle_invalid' && p.message.includes('..')));
  });
});

describe('X.509 certificate chains', () => {
  const pki = (f: string) => readFileSync(join(FIXTURES, 'pki', f), 'utf8');
  const signer = () => {
    const k = parsePrivateKey(pki('signer.key'));
    assert.ok(k.ok);
    return { key: k.key, certChain: pki('signer-chain.pem') };
  };

  test('a model signed with a certificate verifies against the issuing root', async () => {
    const bundle = await sign(model, signer());
    const r = await verifyPath(
      model,
      bundle,
      trustFromOptions({ roots: splitPemCertificates(pki('root.pem')) }),
    );
    assert.deepEqual(r.problems, []);
    assert.equal(r.method, 'certificate');
    assert.match(r.signer?.identity ?? '', /CN=model-signer/);
  });

  test('a chain to another root is reported as an untrusted signer', async () => {
    const bundle = await sign(model, signer());
    const r = await verifyPath(
      model,
      bundle,
      trustFromOptions({ roots: splitPemCertificates(pki('other-root.pem')) }),
    );
    assert.deepEqual(
      r.problems.map((p) => p.kind),
      ['signer_untrusted'],
    );
  });

  test('an expired chain is reported as an untrusted signer', async () => {
    const bundle = await sign(model, signer());
    const r = await verifyPath(
      model,
      bundle,
      trustFromOptions({ roots: splitPemCertificates(pki('root.pem')) }),
      {
        now: new Date('2040-01-01T00:00:00Z'),
      },
    );
    const p = r.problems[0];
    assert.ok(p && p.kind === 'signer_untrusted' && p.message.includes('expired'));
  });

  test('signing refuses a chain whose leaf does not carry the signing key', () => {
    const s = signManifest(
      {
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name: 'm', digest: { sha256: '00' } }],
        predicateType: 'https://model_signing/signature/v1.0',
        predicate: {
          resources: [],
          serialization: { method: 'files', hash_type: 'sha256', allow_symlinks: false },
        },
      },
      { key: keys.ec.priv, certChain: pki('signer-chain.pem') },
    );
    assert.equal(s.ok, false);
  });
});
