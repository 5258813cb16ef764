// One definition of a correct event transport, run against the in-process queue and Redis streams.
// `open` returns a publisher and a consumer (the same object in-process; two nodes on one Redis).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditEvent } from '../../audit/event.ts';
import type { EventTransport } from './types.ts';

export function sampleEvent(i: number, identity: string): AuditEvent {
  return {
    time: new Date(1_800_000_000_000 + i * 1000).toISOString(),
    requestId: `req-${i}`,
    node: 'n1',
    identity: { kind: 'api_key', id: identity, roles: ['app'] },
    source: { ip: '10.0.0.1' },
    request: { method: 'POST', route: '/v1/models/{name}/infer', model: 'digits', bytesIn: 100 },
    response: { status: 200, bytesOut: 50 },
    decision: 'allow',
    reasons: [],
    inference: { features: [i % 7, i % 3], label: i % 2, confidence: 0.9 },
    latencyMs: { parapet: 0.1, upstream: 1, total: 1.1 },
  };
}

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function runTransportSuite(
  name: string,
  open: () => Promise<{ publisher: EventTransport; consumer: EventTransport; cleanup(): Promise<void> }>,
) {
  describe(`transport: ${name}`, () => {
    test('delivers every published event once, in publish order per identity', async () => {
      const { publisher, consumer, cleanup } = await open();
      const got: AuditEvent[] = [];
      consumer.start((b) => {
        got.push(...b);
      });
      for (let i = 0; i < 2000; i++) publisher.publish(sampleEvent(i, `id${i % 13}`));
      await until(() => got.length >= 2000);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(got.length, 2000);
      assert.equal(new Set(got.map((e) => e.requestId)).size, 2000);
      const last = new Map<string, number>();
      for (const e of got) {
        const n = Number(e.requestId.slice(4));
        assert.ok((last.get(e.identity.id) ?? -1) < n, `order broken for ${e.identity.id}`);
        last.set(e.identity.id, n);
      }
      assert.deepEqual(got.find((e) => e.requestId === 'req-5')?.inference, sampleEvent(5, 'x').inference);
      await publisher.close();
      if (consumer !== publisher) await consumer.close();
      await cleanup();
    });

    test('publish returns without delivering on the same turn (the request path never runs detectors)', async () => {
      const { publisher, consumer, cleanup } = await open();
      let delivered = 0;
      consumer.start((b) => {
        delivered += b.length;
      });
      publisher.publish(sampleEvent(1, 'a'));
      assert.equal(delivered, 0);
      await until(() => delivered === 1);
      await publisher.close();
      if (consumer !== publisher) await consumer.close();
      await cleanup();
    });

    test('a handler that throws does not stop later deliveries', async () => {
      const { publisher, consumer, cleanup } = await open();
      let calls = 0;
      let seen = 0;
      consumer.start((b) => {
        calls++;
        if (calls === 1) throw new Error('detector bug');
        seen += b.length;
      });
      publisher.publish(sampleEvent(1, 'a'));
      await until(() => calls >= 1);
      await new Promise((r) => setTimeout(r, 20));
      publisher.publish(sampleEvent(2, 'a'));
      await until(() => seen >= 1);
      assert.ok(consumer.stats.errors >= 1);
      await publisher.close();
      if (consumer !== publisher) await consumer.close();
      await cleanup();
    });
  });
}
