// Serving integrity: a model pinned to NAME@alias records in every call's audit event the exact registry
// version and OMS root digest it was served under, and follows a rollback on the very next call. The
// version reaches `production` through promotion gates (signed by a trusted key, an approved risk
// assessment), and both the promotion and the rollback are recorded with who did them.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { queryAudit } from '../src/audit/index.ts';
import {
  artifactHistory,
  assessVersion,
  createSigningKey,
  type GatePolicy,
  parsePublicKey,
  promote,
  pushArtifact,
  rollbackVerified,
  trustFromOptions,
} from '../src/registry/index.ts';
import { post, type TestGateway, testGateway } from './support/gateway.ts';

let gw: TestGateway;
let key: string;
let policy: GatePolicy;
const digests: string[] = [];

before(async () => {
  gw = await testGateway(
    (u) => `models:
  - { name: iris, registry: "iris-model@production", upstream: { kind: json, url: "${u}/infer" } }
  - { name: orphan, registry: "nothing@production", upstream: { kind: json, url: "${u}/infer" } }`,
  );
  key = await gw.key();
  const signing = await createSigningKey('ecdsa-p256', join(gw.dir, 'keys'));
  const pub = parsePublicKey(readFileSync(signing.publicPath));
  assert.ok(pub.ok);
  policy = {
    gates: { production: ['signed', 'risk_approved'] },
    trust: trustFromOptions({ keys: [pub.key] }),
  };
  for (const v of [1, 2]) {
    const dir = join(gw.dir, `iris-v${v}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.safetensors.txt'), `weights v${v}`);
    const r = await pushArtifact(gw.gateway.store, {
      path: dir,
      name: 'iris-model',
      blobDir: join(gw.dir, 'blobs'),
      actor: 'ci',
      scan: false,
      signer: { key: readFileSync(signing.privatePath, 'utf8') },
    });
    assert.ok(r.ok, r.ok ? '' : r.error);
    digests.push(r.pushed.rootDigest);
    const promoteIt = () =>
      promote(gw.gateway.store, {
        name: 'iris-model',
        version: v,
        alias: 'production',
        actor: 'release-manager',
        policy,
      });
    if (v === 2) assert.ok(!(await promoteIt()).ok, 'no approved risk assessment yet');
    const a = await assessVersion(gw.gateway.store, {
      name: 'iris-model',
      version: v,
      risk: 'low',
      summary: 'iris classifier',
      approved: true,
      actor: 'risk-officer',
    });
    assert.ok(a.ok);
    const moved = await promoteIt();
    assert.ok(moved.ok, moved.ok ? '' : moved.error);
  }
});
after(() => gw.close());

const call = async (id: string) => {
  const r = await post(`${gw.url}/v1/models/iris/infer`, JSON.stringify({ inputs: [5.1, 3.5, 1.4, 0.2] }), {
    authorization: `Bearer ${key}`,
    'x-request-id': id,
  });
  const [row] = (await queryAudit(gw.gateway.store, { limit: 50 })).filter((e) => e.event.requestId === id);
  return { status: r.status, event: row!.event };
};

test('each call records the version and root digest the alias pointed at', async () => {
  const { status, event } = await call('pin-1');
  assert.equal(status, 200);
  assert.equal(event.request.modelVersion, 'iris-model@2');
  assert.equal(event.request.modelDigest, digests[1]);
  assert.equal(event.inference?.label, 'setosa');
});

test('after a rollback the very next call is served and recorded under the earlier version', async () => {
  const r = await rollbackVerified(gw.gateway.store, {
    name: 'iris-model',
    to: 1,
    alias: 'production',
    actor: 'on-call',
    blobDir: join(gw.dir, 'blobs'),
    policy,
  });
  assert.ok(r.ok, r.ok ? '' : r.error);
  const { event } = await call('pin-2');
  assert.equal(event.request.modelVersion, 'iris-model@1');
  assert.equal(event.request.modelDigest, digests[0]);
  const h = await artifactHistory(gw.gateway.store, 'iris-model');
  assert.deepEqual(
    h!.events
      .filter((e) => e.alias === 'production')
      .map((e) => [e.action, e.fromVersion, e.version, e.actor]),
    [
      ['promote', null, 1, 'release-manager'],
      ['promote_blocked', 1, 2, 'release-manager'],
      ['promote', 1, 2, 'release-manager'],
      ['rollback', 2, 1, 'on-call'],
    ],
  );
});

test('a version that fails the gates never reaches the route: promotion and rollback to it are refused', async () => {
  // v3 is pushed unsigned and never assessed: promoting it is blocked and names both gates.
  const dir = join(gw.dir, 'iris-v3');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.safetensors.txt'), 'weights v3');
  const v3 = await pushArtifact(gw.gateway.store, {
    path: dir,
    name: 'iris-model',
    blobDir: join(gw.dir, 'blobs'),
    actor: 'ci',
    scan: false,
  });
  assert.ok(v3.ok && v3.pushed.version === 3);
  const blocked = await promote(gw.gateway.store, {
    name: 'iris-model',
    version: 3,
    alias: 'production',
    actor: 'intern',
    policy,
  });
  assert.ok(!blocked.ok);
  assert.match(blocked.error, /signed: the version has no signature/);
  assert.match(blocked.error, /risk_approved: no risk assessment/);
  const { event } = await call('pin-3');
  assert.equal(event.request.modelVersion, 'iris-model@1', 'the route still serves the verified version');
  const last = (await artifactHistory(gw.gateway.store, 'iris-model'))!.events.at(-1)!;
  assert.deepEqual([last.action, last.version, last.actor], ['promote_blocked', 3, 'intern']);
});

test('a pin to an alias with no version is refused as registry.unverified', async () => {
  const r = await post(`${gw.url}/v1/models/orphan/infer`, JSON.stringify({ inputs: [1, 2, 3, 4] }), {
    authorization: `Bearer ${key}`,
  });
  assert.equal(r.status, 503);
  assert.equal(r.json.error.code, 'registry.unverified');
});

test("the monitor's rollback action goes back to the previous holder through the verified rollback", async () => {
  const { parseConfig } = await import('../src/config/index.ts');
  const { rollbackHook } = await import('../src/gateway/start.ts');
  const { chmodSync } = await import('node:fs');
  // production: 1 (after the rollback above). Promote 2 again, then let the monitor's action roll back.
  const again = await promote(gw.gateway.store, {
    name: 'iris-model',
    version: 2,
    alias: 'production',
    actor: 'release-manager',
    policy,
  });
  assert.ok(again.ok, again.ok ? '' : again.error);
  const cfg = parseConfig(
    `registry: { dir: ${join(gw.dir, 'blobs')} }\nmodels:\n  - { name: iris, registry: "iris-model@production", upstream: { kind: json, url: "http://127.0.0.1:9/infer" } }\n`,
    join(gw.dir, 'hook.yaml'),
  );
  assert.ok(cfg.ok);
  const hook = rollbackHook(gw.gateway.store, cfg.config);
  // A stored byte of the previous holder changed: the action refuses instead of serving it.
  const v1 = await (
    await import('../src/registry/index.ts')
  ).resolveVersion(gw.gateway.store, {
    name: 'iris-model',
    version: 1,
  });
  const file = (await import('../src/registry/index.ts')).blobPath(
    join(gw.dir, 'blobs'),
    v1!.statement.predicate.resources[0]!.digest,
  );
  const original = readFileSync(file);
  chmodSync(file, 0o644);
  writeFileSync(file, 'swapped');
  const refused = await hook('iris');
  assert.equal(refused.ok, false);
  assert.match(refused.detail, /does not verify/);
  writeFileSync(file, original);
  const done = await hook('iris');
  assert.deepEqual(done, { ok: true, detail: 'iris-model@production → version 1' });
  const { event } = await call('pin-4');
  assert.equal(event.request.modelVersion, 'iris-model@1');
  const last = (await artifactHistory(gw.gateway.store, 'iris-model'))!.events.at(-1)!;
  assert.deepEqual([last.action, last.version, last.actor], ['rollback', 1, 'monitor']);
});
