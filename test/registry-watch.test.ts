// `registry watch`: a pulled serving directory is re-verified; when one byte changes the watcher (a
// separate `parapet` process) raises a tamper incident and disables the gateway route through Redis,
// and the running gateway refuses the model within a second.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { incidentStore } from '../src/incidents/store.ts';
import { pullVersion, pushArtifact, setAlias } from '../src/registry/index.ts';
import { watchServing } from '../src/registry/watch.ts';
import { post, type TestGateway, testGateway } from './support/gateway.ts';
import { REDIS_URL, tempRedisPrefix } from './support/services.ts';

const BIN = new URL('../bin/parapet.js', import.meta.url).pathname;
let gw: TestGateway;
let key: string;
let redis: ReturnType<typeof tempRedisPrefix>;
let serving: string;

before(async () => {
  redis = tempRedisPrefix();
  gw = await testGateway(
    (u) => `state: { kind: redis, url: "${REDIS_URL}", prefix: "${redis.prefix}" }
models:
  - { name: iris, registry: "iris-model@production", upstream: { kind: json, url: "${u}/infer" } }`,
  );
  key = await gw.key();
  for (const v of [1, 2]) {
    const dir = join(gw.dir, `model-v${v}`);
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'weights.bin'), `weights v${v}`);
    writeFileSync(join(dir, 'sub/config.json'), '{"classes":3}');
    const r = await pushArtifact(gw.gateway.store, {
      path: dir,
      name: 'iris-model',
      blobDir: join(gw.dir, 'blobs'),
      actor: 'ci',
      scan: false,
    });
    assert.ok(r.ok, r.ok ? '' : r.error);
  }
  assert.ok((await setAlias(gw.gateway.store, 'iris-model', 'production', 2, 'release')).ok);
  serving = join(gw.dir, 'serving');
  const pulled = await pullVersion(
    gw.gateway.store,
    join(gw.dir, 'blobs'),
    { name: 'iris-model', alias: 'production' },
    serving,
  );
  assert.ok(pulled.ok, pulled.ok ? '' : pulled.error);
});
after(async () => {
  await gw.close();
  await redis.drop();
});

const watch = (...extra: string[]) =>
  spawnSync(
    process.execPath,
    [
      BIN,
      'registry',
      'watch',
      'iris-model@production',
      serving,
      '--once',
      '--store',
      `sqlite:${join(gw.dir, 'parapet.db')}`,
      ...extra,
    ],
    { encoding: 'utf8' },
  );
const infer = () =>
  post(`${gw.url}/v1/models/iris/infer`, JSON.stringify({ inputs: [5.1, 3.5, 1.4, 0.2] }), {
    authorization: `Bearer ${key}`,
  });

test('an intact serving directory passes', () => {
  const r = watch();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /iris-model@production \(version 2\): intact/);
});

test('one changed byte raises a tamper incident and the gateway refuses the model within a second', async () => {
  assert.equal((await infer()).status, 200);
  appendFileSync(join(serving, 'weights.bin'), 'X');
  const r = watch(
    '--disable-route',
    'iris',
    '--state',
    REDIS_URL,
    '--state-prefix',
    redis.prefix,
    '--as',
    'watcher',
  );
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /DOES NOT MATCH \(alerted\)/);
  assert.match(r.stdout, /modified: weights\.bin/);

  const deadline = Date.now() + 1000;
  let res = await infer();
  while (res.status === 200 && Date.now() < deadline) {
    await new Promise((t) => setTimeout(t, 50));
    res = await infer();
  }
  assert.equal(res.status, 503);
  assert.equal(res.json.error.code, 'route.disabled');

  const records = incidentStore(gw.gateway.store);
  const [incident] = await records.listIncidents({ status: 'open', limit: 10 });
  assert.equal(incident?.playbook, 'model_tampering');
  assert.equal(incident?.severity, 'critical');
  const [act] = await records.listActions({ limit: 10 });
  assert.deepEqual(
    [act?.action, act?.target, act?.actor, act?.outcome],
    ['disable', 'iris', 'watcher', 'done'],
  );
});

test('an alias that moved without the directory is reported, and one failure is alerted once', async () => {
  const records = incidentStore(gw.gateway.store);
  await records.migrate();
  const before = (await records.listAlerts({ limit: 100 })).length;
  assert.ok((await setAlias(gw.gateway.store, 'iris-model', 'production', 1, 'release')).ok);
  const checks: boolean[] = [];
  const stop = new AbortController();
  const last = await watchServing({
    store: gw.gateway.store,
    name: 'iris-model',
    alias: 'production',
    dir: serving,
    intervalMs: 20,
    records,
    onCheck: (c, alerted) => {
      checks.push(alerted);
      if (checks.length === 3) stop.abort();
    },
    signal: stop.signal,
  });
  assert.equal(last.version, 1);
  assert.equal(last.ok, false);
  assert.ok(last.lines.some((l) => /modified: weights\.bin/.test(l)));
  assert.deepEqual(checks, [true, false, false]);
  assert.equal((await records.listAlerts({ limit: 100 })).length, before + 1);
});
