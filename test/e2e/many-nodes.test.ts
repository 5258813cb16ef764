// Several gateway processes sharing Redis (limits, flags) and PostgreSQL (records): a limit of N per
// window is N across all of them, each keeps its own verifiable audit chain, and a block set through
// one node's operator API is enforced by every node within a second.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type DemoUpstream, startDemoUpstream } from '../../src/demo/upstream.ts';
import { parseKey } from '../../src/identity/keys/index.ts';
import { cli, createKeyCli, type ParapetProcess, serve } from '../support/process.ts';
import { REDIS_URL, tempDatabase, tempRedisPrefix } from '../support/services.ts';

describe('three gateway nodes on shared Redis and PostgreSQL', () => {
  let dir: string;
  let upstream: DemoUpstream;
  let db: Awaited<ReturnType<typeof tempDatabase>>;
  let redis: ReturnType<typeof tempRedisPrefix>;
  let config: string;
  const nodes: ParapetProcess[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parapet-nodes-'));
    upstream = await startDemoUpstream();
    db = await tempDatabase();
    redis = tempRedisPrefix();
    config = join(dir, 'parapet.yaml');
    writeFileSync(
      config,
      `node: "\${PARAPET_NODE:-cli}"
listen: { port: 0 }
log: { level: warn }
store: { kind: postgres, url: "${db.url}" }
state: { kind: redis, url: "${REDIS_URL}", prefix: "${redis.prefix}" }
audit: { keyFile: audit.pem }
limits: { identity: { requests: { limit: 30, window: 1m } } }
models:
  - { name: demo-chat, upstream: { kind: openai, url: "${upstream.url}/v1" } }
`,
    );
    for (const name of ['gw-a', 'gw-b', 'gw-c']) nodes.push(await serve(config, { PARAPET_NODE: name }));
  });
  after(async () => {
    for (const n of nodes) await n.kill();
    await upstream?.close();
    await redis?.drop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (node: ParapetProcess, key: string) =>
    fetch(`${node.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content: 'hi' }] }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string } } }));

  test('a limit of 30 per minute admits 30 calls across three nodes, not 90', async () => {
    const key = await createKeyCli(config);
    const results = await Promise.all(Array.from({ length: 90 }, (_, i) => call(nodes[i % 3]!, key)));
    const ok = results.filter((r) => r.status === 200).length;
    const limited = results.filter((r) => r.status === 429 && r.body.error?.code === 'limit.rate').length;
    assert.equal(ok, 30);
    assert.equal(limited, 60);
  });

  test('each node keeps its own audit chain and all of them verify', async () => {
    const r = await cli(['audit', 'verify', '--config', config, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { ok: boolean; nodes: { node: string; records: number }[] };
    assert.ok(report.ok);
    assert.deepEqual(report.nodes.map((n) => n.node).sort(), ['gw-a', 'gw-b', 'gw-c']);
    for (const n of report.nodes) assert.ok(n.records >= 30, `${n.node} has ${n.records} records`);
  });

  test('an identity blocked through one node is denied by every node within a second', async () => {
    const admin = await createKeyCli(config, '*', 'admin');
    const victim = await createKeyCli(config);
    const id = parseKey(victim)!.id;
    const set = await fetch(`${nodes[0]!.url}/admin/flags`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'identity', id, reason: 'test block' }),
    });
    assert.equal(set.status, 201);
    const started = Date.now();
    for (const node of nodes.slice(1)) {
      let code: string | undefined;
      while (Date.now() - started < 1000 && code !== 'auth.blocked')
        code = (await call(node, victim)).body.error?.code;
      assert.equal(code, 'auth.blocked', `${node.url} still serves the blocked identity after a second`);
    }
  });
});
