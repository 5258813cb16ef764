// One behaviour suite for every vault backend: run against the real thing by memory.test.ts and
// redis.test.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Vault } from './types.ts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function vaultSuite(name: string, open: () => Promise<Vault>): void {
  const k = { tenant: 't1', identity: 'alice', request: 'r1' };

  test(`${name}: returns the pairs stored under a key and adds to them on a second put`, async () => {
    const v = await open();
    try {
      await v.put(k, new Map([['<EMAIL_1>', 'a@example.com']]), 60_000);
      await v.put(k, new Map([['<PHONE_1>', '+14155552671']]), 60_000);
      assert.deepEqual([...(await v.get(k))].sort(), [
        ['<EMAIL_1>', 'a@example.com'],
        ['<PHONE_1>', '+14155552671'],
      ]);
    } finally {
      await v.close();
    }
  });

  test(`${name}: keeps tenants, identities and requests apart`, async () => {
    const v = await open();
    try {
      await v.put(k, new Map([['<EMAIL_1>', 'a@example.com']]), 60_000);
      assert.equal((await v.get({ ...k, tenant: 't2' })).size, 0);
      assert.equal((await v.get({ ...k, identity: 'bob' })).size, 0);
      assert.equal((await v.get({ ...k, request: 'r2' })).size, 0);
      // Separators inside a part cannot forge another key.
      await v.put({ tenant: 'a:b', identity: 'c', request: 'r' }, new Map([['<X_1>', 'x']]), 60_000);
      assert.equal((await v.get({ tenant: 'a', identity: 'b:c', request: 'r' })).size, 0);
    } finally {
      await v.close();
    }
  });

  test(`${name}: forgets pairs once the TTL has passed`, async () => {
    const v = await open();
    try {
      await v.put(k, new Map([['<EMAIL_1>', 'a@example.com']]), 40);
      await sleep(120);
      assert.equal((await v.get(k)).size, 0);
    } finally {
      await v.close();
    }
  });

  test(`${name}: drop forgets a key at once`, async () => {
    const v = await open();
    try {
      await v.put(k, new Map([['<EMAIL_1>', 'a@example.com']]), 60_000);
      await v.drop(k);
      assert.equal((await v.get(k)).size, 0);
    } finally {
      await v.close();
    }
  });
}
