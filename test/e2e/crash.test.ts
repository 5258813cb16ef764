// Strict durability under SIGKILL: while clients hammer the gateway, it is killed several times without
// warning and restarted. Every call that got an answer must be in the audit log, and the log verifies.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type DemoUpstream, startDemoUpstream } from '../../src/demo/upstream.ts';
import { openStore } from '../../src/store/index.ts';
import { cli, createKeyCli, serve } from '../support/process.ts';

test('every answered call survives SIGKILL in the audit log, and audit verify passes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-crash-'));
  let upstream: DemoUpstream | undefined;
  try {
    upstream = await startDemoUpstream();
    const config = join(dir, 'parapet.yaml');
    writeFileSync(
      config,
      `listen: { port: 0 }
log: { level: warn }
store: { kind: sqlite, path: parapet.db }
audit: { durability: strict, keyFile: audit.pem, checkpointEvery: 50 }
models:
  - { name: demo-chat, upstream: { kind: openai, url: "${upstream.url}/v1" } }
`,
    );
    const key = await createKeyCli(config);
    const acked = new Set<string>();
    let n = 0;
    for (let round = 0; round < 4; round++) {
      const p = await serve(config);
      let stop = false;
      const worker = async () => {
        while (!stop) {
          const id = `crash-${round}-${n++}`;
          try {
            const r = await fetch(`${p.url}/v1/chat/completions`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${key}`,
                'content-type': 'application/json',
                'x-request-id': id,
              },
              body: JSON.stringify({
                model: 'demo-chat',
                messages: [{ role: 'user', content: `call ${id}` }],
              }),
            });
            await r.text();
            acked.add(id);
          } catch {
            return; // the process died mid-call: this call was never answered
          }
        }
      };
      const workers = Array.from({ length: 16 }, worker);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 500));
      await p.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
    }
    assert.ok(acked.size > 50, `expected a real load, got ${acked.size} answered calls`);

    const store = await openStore({ kind: 'sqlite', path: join(dir, 'parapet.db') });
    try {
      const rows = await store.audit.query({ limit: 10_000_000 });
      const logged = new Set(rows.map((r) => r.requestId));
      const missing = [...acked].filter((id) => !logged.has(id));
      assert.deepEqual(missing, [], `${missing.length} answered calls are missing from the audit log`);
    } finally {
      await store.close();
    }
    const verify = await cli(['audit', 'verify', '--config', config]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  } finally {
    await upstream?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
