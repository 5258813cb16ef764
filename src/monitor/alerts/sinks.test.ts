import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { Alert } from '../types.ts';
import { sinkConfig, webhookSink } from './sinks.ts';

const alert: Alert = {
  id: 'a1',
  count: 1,
  detector: 'extraction.prada',
  severity: 'high',
  summary: 'distances far from normal',
  evidence: { W: 0.81, threshold: 0.9 },
  identities: ['mallory'],
  models: ['digits'],
  requestIds: ['r1'],
  at: 1_800_000_000_000,
  key: 'k',
};

async function withServer(
  status: number,
  fn: (url: string, got: { body: unknown; headers: Record<string, unknown> }[]) => Promise<void>,
) {
  const got: { body: unknown; headers: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      got.push({ body: JSON.parse(data), headers: req.headers });
      res.statusCode = status;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

test('the generic webhook posts the whole alert as JSON with configured headers', async () => {
  await withServer(200, async (url, got) => {
    const c = sinkConfig.parse({ type: 'webhook', url, headers: { authorization: 'Bearer t' } });
    assert.equal(c.type, 'webhook');
    await webhookSink(c as Extract<typeof c, { type: 'webhook' }>).send(alert);
    assert.deepEqual(got[0]!.body, { type: 'parapet.alert', alert });
    assert.equal(got[0]!.headers.authorization, 'Bearer t');
  });
});

test('the Slack webhook posts text and blocks with the evidence', async () => {
  await withServer(200, async (url, got) => {
    const c = sinkConfig.parse({ type: 'webhook', url, format: 'slack' }) as Extract<
      ReturnType<typeof sinkConfig.parse>,
      { type: 'webhook' }
    >;
    await webhookSink(c).send(alert);
    const body = got[0]!.body as { text: string; blocks: unknown[] };
    assert.match(body.text, /\[high\] distances far from normal/);
    assert.ok(JSON.stringify(body.blocks).includes('W: 0.81'));
  });
});

test('a webhook answering 500 rejects (the monitor counts it) and low alerts below minSeverity are not sent', async () => {
  await withServer(500, async (url, got) => {
    const c = sinkConfig.parse({ type: 'webhook', url }) as Extract<
      ReturnType<typeof sinkConfig.parse>,
      { type: 'webhook' }
    >;
    await assert.rejects(webhookSink(c).send(alert), /500/);
    await webhookSink(c).send({ ...alert, severity: 'low' });
    assert.equal(got.length, 1);
  });
});
