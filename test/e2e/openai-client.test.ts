// The official OpenAI SDK, pointed at Parapet, works unchanged: chat (plain and streamed), completions,
// embeddings and model listing; a bad or missing key raises its authentication error with our code.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type DemoUpstream, startDemoUpstream } from '../../src/demo/upstream.ts';
import { createKeyCli, type ParapetProcess, serve } from '../support/process.ts';

describe('the official openai client through a parapet process', () => {
  let dir: string;
  let upstream: DemoUpstream;
  let parapet: ParapetProcess;
  let client: OpenAI;
  let baseURL: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parapet-e2e-'));
    upstream = await startDemoUpstream();
    const config = join(dir, 'parapet.yaml');
    writeFileSync(
      config,
      `listen: { port: 0 }
store: { kind: sqlite, path: parapet.db }
audit: { keyFile: audit.pem }
models:
  - { name: demo-chat, upstream: { kind: openai, url: "${upstream.url}/v1" } }
  - { name: demo-embed, upstream: { kind: openai, url: "${upstream.url}/v1" } }
`,
    );
    const key = await createKeyCli(config, 'demo-chat,demo-embed');
    parapet = await serve(config);
    baseURL = `${parapet.url}/v1`;
    client = new OpenAI({ apiKey: key, baseURL, maxRetries: 0 });
  });
  after(async () => {
    await parapet?.kill();
    await upstream?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('chat completions', async () => {
    const r = await client.chat.completions.create({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'ping' }],
    });
    assert.equal(r.choices[0]!.message.content, 'You said: ping');
    assert.ok(r.usage!.total_tokens > 0);
  });

  test('streamed chat completions arrive chunk by chunk and reassemble', async () => {
    const stream = await client.chat.completions.create({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'a longer message to stream back' }],
      stream: true,
    });
    let text = '';
    let chunks = 0;
    for await (const c of stream) {
      text += c.choices[0]?.delta?.content ?? '';
      chunks++;
    }
    assert.equal(text, 'You said: a longer message to stream back');
    assert.ok(chunks > 3, `expected several chunks, got ${chunks}`);
  });

  test('completions and embeddings', async () => {
    const c = await client.completions.create({ model: 'demo-chat', prompt: 'abc' });
    assert.equal(c.choices[0]!.text, ' echo: abc');
    const e = await client.embeddings.create({ model: 'demo-embed', input: ['one', 'two'] });
    assert.equal(e.data.length, 2);
    assert.equal(e.data[0]!.embedding.length, 8);
  });

  test('model listing shows the models the key may use', async () => {
    const ids = [];
    for await (const m of client.models.list()) ids.push(m.id);
    assert.deepEqual(ids.sort(), ['demo-chat', 'demo-embed']);
  });

  test('a bad key raises AuthenticationError carrying auth.invalid', async () => {
    const bad = new OpenAI({ apiKey: 'pk_bad_key', baseURL, maxRetries: 0 });
    await assert.rejects(
      bad.chat.completions.create({ model: 'demo-chat', messages: [] }),
      (err: unknown) => {
        assert.ok(err instanceof OpenAI.AuthenticationError);
        assert.equal(err.code, 'auth.invalid');
        return true;
      },
    );
  });

  test('a missing key raises AuthenticationError carrying auth.missing', async () => {
    const res = await fetch(`${baseURL}/chat/completions`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 401);
    // The SDK refuses to start without a key, so strip it on the wire instead.
    const withoutKey: typeof fetch = (url, init) => {
      const headers = new Headers(init?.headers);
      headers.delete('authorization');
      return fetch(url, { ...init, headers });
    };
    const none = new OpenAI({ apiKey: 'unused', baseURL, maxRetries: 0, fetch: withoutKey });
    await assert.rejects(
      none.chat.completions.create({ model: 'demo-chat', messages: [] }),
      (err: unknown) => {
        assert.ok(err instanceof OpenAI.AuthenticationError);
        assert.equal(err.code, 'auth.missing');
        return true;
      },
    );
  });
});
