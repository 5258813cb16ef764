import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openStore } from './index.ts';
import { runStoreSuite } from './suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'parapet-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

runStoreSuite('sqlite (worker-thread writer)', () =>
  openStore({ kind: 'sqlite', path: join(dir, 'worker.db') }),
);
runStoreSuite('sqlite (inline writer)', () =>
  openStore({ kind: 'sqlite', path: join(dir, 'inline.db'), writer: 'inline' }),
);

test('an in-memory store writes audit rows on its own connection (a worker could not see it)', async () => {
  const store = await openStore({ kind: 'sqlite', path: ':memory:' });
  try {
    const row = {
      node: 'm',
      seq: 1,
      prevHash: '0'.repeat(64),
      hash: 'h1',
      body: '{}',
      ts: 1,
      requestId: 'r',
    };
    await store.audit.append([{ ...row, identityId: 'i', model: null, decision: 'allow' }]);
    assert.deepEqual(await store.audit.head('m'), { seq: 1, hash: 'h1' });
  } finally {
    await store.close();
  }
});
