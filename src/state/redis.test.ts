import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisState } from './redis.ts';
import { runStateSuite } from './suite.ts';

const URL = process.env.PARAPET_TEST_REDIS ?? 'redis://127.0.0.1:6379';

runStateSuite(
  'redis',
  async () => {
    const prefix = `parapet-test-${randomBytes(6).toString('hex')}:`;
    const state = await createRedisState(URL, prefix);
    const second = await createRedisState(URL, prefix);
    return {
      state,
      second,
      async cleanup() {
        await state.close();
        await second.close();
        const r = new Redis(URL);
        const keys = await r.keys(`${prefix}*`);
        if (keys.length) await r.del(...keys);
        r.disconnect();
      },
    };
  },
  { manyNodes: true },
);
