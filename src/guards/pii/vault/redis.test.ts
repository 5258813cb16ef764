import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import { createRedisVault } from './redis.ts';
import { vaultSuite } from './suite.ts';

const URL = 'redis://127.0.0.1:6379';
const prefix = `parapet-test-pii-${randomBytes(6).toString('hex')}:`;

vaultSuite('redis vault', () => createRedisVault(URL, prefix));

test('redis vault: sets a TTL on every key it writes', async () => {
  const v = await createRedisVault(URL, prefix);
  const r = new Redis(URL);
  try {
    await v.put({ tenant: 't', identity: 'i', request: 'ttl' }, new Map([['<X_1>', 'x']]), 5_000);
    const keys = await r.keys(`${prefix}*`);
    assert.ok(keys.length > 0);
    for (const k of keys) assert.ok((await r.pttl(k)) > 0, k);
  } finally {
    await v.close();
    r.disconnect();
  }
});

after(async () => {
  const r = new Redis(URL);
  const keys = await r.keys(`${prefix}*`);
  if (keys.length > 0) await r.del(...keys);
  await r.quit();
});
