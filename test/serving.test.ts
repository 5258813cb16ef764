// Serving integrity: a model pinned to NAME@alias records in every call's audit event the exact registry
// version and OMS root digest it was served under, and follows a rollback on the very next call.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { queryAudit } from '../src/audit/index.ts';
import { pushArtifact, rollback, setAlias } from '../src/registry/index.ts';
import { post, type TestGateway, testGateway } from './support/gateway.ts';

let gw: TestGateway;
let key: string;
const digests: string[] = [];

before(async () => {
  gw = await testGateway(
    (u) => `models:
  - { name: iris, registry: "iris-model@production", upstream: { kind: json, url: "${u}/infer" } }
  - { name: orphan, registry: "nothing@production", upstream: { kind: json, url: "${u}/infer" } }`,
  );
  key = await gw.key();
  for (const v of [1, 2]) {
    const dir = join(gw.dir, `iris-v${v}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.safetensors.txt'), `weights v${v}`);
    const r = await pushArtifact(gw.gateway.store, { path: dir, name: 'iris-model', blobDir: join(gw.dir, 'blobs'), actor: 'ci', scan: false });
    assert.ok(r.ok, r.ok ? '' : r.error);
    digests.push(r.pushed.rootDigest);
  }
  const moved = await setAlias(gw.gateway.store, 'iris-model', 'production', 2, 'release-manager');
  assert.ok(moved.ok);
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
  const r = await rollback(gw.gateway.store, 'iris-model', 1, 'on-call', 'production');
  assert.ok(r.ok);
  const { event } = await call('pin-2');
  assert.equal(event.request.modelVersion, 'iris-model@1');
  assert.equal(event.request.modelDigest, digests[0]);
});

test('a pin to an alias with no version is refused as registry.unverified', async () => {
  const r = await post(`${gw.url}/v1/models/orphan/infer`, JSON.stringify({ inputs: [1, 2, 3, 4] }), { authorization: `Bearer ${key}` });
  assert.equal(r.status, 503);
  assert.equal(r.json.error.code, 'registry.unverified');
});
