import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { createRedisState } from '../state/redis.ts';
import { createLimiter } from './limiter.ts';
import { runLimitsSuite } from './suite.ts';

const URL = process.env.PARAPET_TEST_REDIS ?? 'redis://127.0.0.1:6379';

async function drop(prefix: string) {
  const r = new Redis(URL);
  const keys = await r.keys(`${prefix}*`);
  if (keys.length) await r.del(...keys);
  r.disconnect();
}

runLimitsSuite('redis', async () => {
  const prefix = `parapet-test-${randomBytes(6).toString('hex')}:`;
  const state = await createRedisState(URL, prefix);
  return {
    state,
    async cleanup() {
      await state.close();
      await drop(prefix);
    },
  };
});

test('limits: three nodes sharing Redis admit 100 per minute in total, not 300', async () => {
  const prefix = `parapet-test-${randomBytes(6).toString('hex')}:`;
  const nodes = await Promise.all([1, 2, 3].map(() => createRedisState(URL, prefix)));
  try {
    const limiters = nodes.map((s) =>
      createLimiter(s, { identity: { requests: { limit: 100, window: 60_000 } } }),
    );
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        limiters[i % 3]!.acquire({ identity: 'shared', model: 'm', promptTokens: 1 }),
      ),
    );
    assert.equal(results.filter((r) => r.ok).length, 100);
  } finally {
    for (const n of nodes) await n.close();
    await drop(prefix);
  }
});
