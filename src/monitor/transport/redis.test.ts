import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisTransport } from './redis.ts';
import { runTransportSuite } from './suite.ts';

const URL = process.env.PARAPET_TEST_REDIS ?? 'redis://127.0.0.1:6379';

// Two gateway nodes publish through their own connections; one monitor consumer reads all shards.
runTransportSuite('redis', async () => {
  const prefix = `parapet-test-${randomBytes(6).toString('hex')}:`;
  const publisher = createRedisTransport({ url: URL, prefix, shards: 3, blockMs: 100 });
  const consumer = createRedisTransport({ url: URL, prefix, shards: 3, blockMs: 100, consumer: 'm1' });
  return {
    publisher,
    consumer,
    async cleanup() {
      const r = new Redis(URL);
      const keys = await r.keys(`${prefix}*`);
      if (keys.length) await r.del(...keys);
      r.disconnect();
    },
  };
});
