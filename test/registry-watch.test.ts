// `registry watch`: a pulled serving directory is re-verified; when one byte changes the watcher (a
// separate `parapet` process) raises a tamper incident and disables the gateway route through Redis,
// and the running gateway refuses the model within a second. In-process, the same happens through a
// gateway's memory flags; an alias that moves away from an intact directory is a stale notice instead.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  - { name: iris, registry: "iris-model@production", upstream: { kind: json, url: "${u}/infer" } }
  - { name: iris-canary, registry: "iris-model@production", upstream: { kind: json, url: "${u}/infer" } }`,
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

const watchRef = (ref: string, ...extra: string[]) =>
  spawnSync(
    process.execPath,
    [
      BIN,
      'registry',
      'watch',
      ref,
      serving,
      '--once',
      '--store',
      `sqlite:${join(gw.dir, 'parapet.db')}`,
      ...extra,
    ],
    { encoding: 'utf8' },
  );
const watch = (...extra: string[]) => watchRef('iris-model@production', ...extra);
const infer = (model = 'iris', g = gw, k = key) =>
  post(`${g.url}/v1/models/${model}/infer`, JSON.stringify({ inputs: [5.1, 3.5, 1.4, 0.2] }), {
    authorization: `Bearer ${k}`,
  });
/** Polls until the gateway refuses the model (the flags mirror refreshes within a second). */
async function refusedWithinASecond(model: string, g = gw, k = key) {
  const deadline = Date.now() + 1000;
  let res = await infer(model, g, k);
  while (res.status === 200 && Date.now() < deadline) {
    await new Promise((t) => setTimeout(t, 50));
    res = await infer(model, g, k);
  }
  return res;
}

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

  const res = await refusedWithinASecond('iris');
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

test('with --config: registry.watch.disableRoutes disables every model pinned to the ref, and the webhook sink gets the alert', async () => {
  const flags = gw.gateway.state.flags;
  await flags.clear('model', 'iris');
  const received: unknown[] = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const port = (hook.address() as AddressInfo).port;
  try {
    const cfg = join(gw.dir, 'watch.yaml');
    writeFileSync(
      cfg,
      `store: { kind: sqlite, path: ${join(gw.dir, 'parapet.db')} }
state: { kind: redis, url: "${REDIS_URL}", prefix: "${redis.prefix}" }
monitor: { sinks: [{ type: store }, { type: webhook, url: "http://127.0.0.1:${port}/hook", minSeverity: high }] }
registry: { dir: ${join(gw.dir, 'blobs')}, watch: { disableRoutes: true } }
models:
  - { name: iris, registry: "iris-model@production", upstream: { kind: json, url: "http://127.0.0.1:9/infer" } }
  - { name: iris-canary, registry: "iris-model@production", upstream: { kind: json, url: "http://127.0.0.1:9/infer" } }
  - { name: other, upstream: { kind: json, url: "http://127.0.0.1:9/infer" } }
`,
    );
    // spawnSync would block this process, and with it the webhook server: run the CLI asynchronously.
    const { execFile } = await import('node:child_process');
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [BIN, 'registry', 'watch', 'iris-model@production', serving, '--once', '--config', cfg],
        { encoding: 'utf8' },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /DOES NOT MATCH \(alerted\)/);
    for (const model of ['iris', 'iris-canary']) {
      const res = await refusedWithinASecond(model);
      assert.equal(res.json.error.code, 'route.disabled', model);
    }
    assert.equal(flags.check('model', 'other'), false);
    assert.equal(received.length, 1);
    assert.match(JSON.stringify(received[0]), /tamper\.digest/);
    assert.match(JSON.stringify(received[0]), /weights\.bin/);
  } finally {
    hook.close();
  }
});

test('a watch of a ref that does not exist is a usage error, and disables nothing', async () => {
  for (const m of ['iris', 'iris-canary']) await gw.gateway.state.flags.clear('model', m);
  const r = watchRef(
    'no-such-model@production',
    '--disable-route',
    'iris',
    '--state',
    REDIS_URL,
    '--state-prefix',
    redis.prefix,
  );
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /no-such-model@production does not exist in the registry/);
  assert.equal((await gw.gateway.state.flags.list()).length, 0);
});

test('in-process flags (memory state): tampering disables the route; an alias moved away from an intact directory is stale, not tampering', async () => {
  const g = await testGateway(
    (u) => `models:
  - { name: scorer, registry: "scorer-model@production", upstream: { kind: json, url: "${u}/infer" } }`,
  );
  try {
    const k = await g.key();
    const store = g.gateway.store;
    for (const v of [1, 2]) {
      const dir = join(g.dir, `model-v${v}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'weights.bin'), `scorer weights v${v}`);
      const r = await pushArtifact(store, {
        path: dir,
        name: 'scorer-model',
        blobDir: join(g.dir, 'blobs'),
        actor: 'ci',
        scan: false,
      });
      assert.ok(r.ok, r.ok ? '' : r.error);
    }
    assert.ok((await setAlias(store, 'scorer-model', 'production', 2, 'release')).ok);
    const dir = join(g.dir, 'serving');
    const pulled = await pullVersion(
      store,
      join(g.dir, 'blobs'),
      { name: 'scorer-model', alias: 'production' },
      dir,
    );
    assert.ok(pulled.ok);
    const records = incidentStore(store);
    await records.migrate();

    const seen: { status: string; alerted: boolean; movedFrom?: number; holds?: number }[] = [];
    const stop = new AbortController();
    await watchServing({
      store,
      name: 'scorer-model',
      alias: 'production',
      dir,
      intervalMs: 10,
      records,
      flags: g.gateway.state.flags,
      disableModels: ['scorer'],
      signal: stop.signal,
      onCheck: (c, alerted) => {
        seen.push({ status: c.status, alerted, movedFrom: c.movedFrom, holds: c.holds });
        // Step the scenario between checks: move the alias back, then tamper with the directory.
        if (seen.length === 1)
          return setAlias(store, 'scorer-model', 'production', 1, 'rollback').then(() => {});
        if (seen.length === 3) appendFileSync(join(dir, 'weights.bin'), '!');
        if (seen.length === 4) stop.abort();
      },
    });
    assert.deepEqual(seen, [
      { status: 'intact', alerted: false, movedFrom: undefined, holds: undefined },
      { status: 'stale', alerted: true, movedFrom: 2, holds: 2 },
      { status: 'stale', alerted: false, movedFrom: 2, holds: 2 },
      { status: 'tampered', alerted: true, movedFrom: 2, holds: undefined },
    ]);
    const alerts = await records.listAlerts({ limit: 10 });
    assert.deepEqual(alerts.map((a) => [a.detector, a.severity]).sort(), [
      ['registry.stale', 'medium'],
      ['tamper.digest', 'critical'],
    ]);
    const res = await refusedWithinASecond('scorer', g, k);
    assert.equal(res.status, 503);
    assert.equal(res.json.error.code, 'route.disabled');
  } finally {
    await g.close();
  }
});
