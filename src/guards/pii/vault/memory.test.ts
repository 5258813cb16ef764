import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryVault } from './memory.ts';
import { vaultSuite } from './suite.ts';

vaultSuite('memory vault', async () => createMemoryVault());

test('memory vault: evicts the oldest request past maxKeys', async () => {
  const v = createMemoryVault({ maxKeys: 2 });
  for (const r of ['a', 'b', 'c'])
    await v.put({ tenant: 't', identity: 'i', request: r }, new Map([['<X_1>', r]]), 60_000);
  assert.equal((await v.get({ tenant: 't', identity: 'i', request: 'a' })).size, 0);
  assert.equal((await v.get({ tenant: 't', identity: 'i', request: 'c' })).get('<X_1>'), 'c');
});
