import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryTransport } from './memory.ts';
import { runTransportSuite, sampleEvent } from './suite.ts';

runTransportSuite('memory', async () => {
  const t = createMemoryTransport();
  return { publisher: t, consumer: t, cleanup: async () => {} };
});

test('drops and counts events beyond the queue bound instead of growing', () => {
  const t = createMemoryTransport({ maxQueue: 10 });
  for (let i = 0; i < 25; i++) t.publish(sampleEvent(i, 'a'));
  assert.equal(t.stats.published, 10);
  assert.equal(t.stats.dropped, 15);
});
