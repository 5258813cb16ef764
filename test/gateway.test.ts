// The gateway end to end over real HTTP: every denial code it returns, what it forwards and what it
// never forwards, and the headers every answer carries.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chat, post, type TestGateway, testGateway } from './support/gateway.ts';

describe('gateway: identity and authorisation', () => {
  let gw: TestGateway;
  let key: string;
  before(async () => {
    gw = await testGateway();
    key = await gw.key({ models: ['demo-chat'] });
  });
  after(() => gw.close());

  test('a call without credentials is denied auth.missing in the OpenAI error shape with the request id', async () => {
    const r = await post(`${gw.url}/v1/chat/completions`, chat('hi'), { 'x-request-id': 'req-123' });
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 'auth.missing');
    assert.equal(r.json.error.type, 'authentication_error');
    assert.equal(r.json.error.request_id, 'req-123');
    assert.equal(r.headers.get('x-request-id'), 'req-123');
  });

  test('an unknown key, a malformed header and a forged secret are auth.invalid', async () => {
    const forged = `${key.slice(0, -4)}AAAA`;
    for (const auth of ['Bearer pk_nope_nope', 'Basic abc', `Bearer ${forged}`, 'Bearer not-a-token']) {
      const r = await post(`${gw.url}/v1/chat/completions`, chat('hi'), { authorization: auth });
      assert.equal(r.status, 401, auth);
      assert.equal(r.json.error.code, 'auth.invalid', auth);
    }
  });

  test('a valid key reaches the model, and the answer carries request id and overhead', async () => {
    const r = await post(`${gw.url}/v1/chat/completions`, chat('hello there'), {
      authorization: `Bearer ${key}`,
    });
    assert.equal(r.status, 200);
    assert.equal(r.json.choices[0].message.content, 'You said: hello there');
    assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(Number(r.headers.get('x-parapet-overhead-ms')) >= 0);
  });

  test('the client credential is never forwarded; hop-by-hop headers are dropped; the request id is', async () => {
    await post(`${gw.url}/v1/chat/completions`, chat('x'), {
      authorization: `Bearer ${key}`,
      'x-request-id': 'abc-1',
      'proxy-authorization': 'Basic secret',
      cookie: 'session=1',
    });
    const h = gw.upstream.lastHeaders()!;
    assert.equal(h.authorization, undefined);
    assert.equal(h['proxy-authorization'], undefined);
    assert.equal(h.cookie, undefined);
    assert.equal(h['x-request-id'], 'abc-1');
  });

  test('a key may call only the models it lists: others are policy.denied, unknown ones too', async () => {
    const r = await post(`${gw.url}/v1/models/iris/infer`, JSON.stringify({ inputs: [5.1, 3.5, 1.4, 0.2] }), {
      authorization: `Bearer ${key}`,
    });
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, 'policy.denied');
    const unknown = await post(
      `${gw.url}/v1/chat/completions`,
      JSON.stringify({ model: 'nope', messages: [] }),
      {
        authorization: `Bearer ${key}`,
      },
    );
    assert.equal(unknown.json.error.code, 'policy.denied');
  });

  test('an unknown model is model.not_found for a caller who may call any model', async () => {
    const any = await gw.key({ models: ['*'] });
    const r = await post(`${gw.url}/v1/chat/completions`, JSON.stringify({ model: 'nope', messages: [] }), {
      authorization: `Bearer ${any}`,
    });
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'model.not_found');
  });

  test('GET /v1/models lists only the models the caller may use', async () => {
    const r = await fetch(`${gw.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    const body = (await r.json()) as { data: { id: string }[] };
    assert.deepEqual(
      body.data.map((m) => m.id),
      ['demo-chat'],
    );
  });

  test('a role without invoke rights (analyst) cannot call models', async () => {
    const analyst = await gw.key({ roles: ['analyst'], models: ['*'] });
    const r = await post(`${gw.url}/v1/chat/completions`, chat('x'), { authorization: `Bearer ${analyst}` });
    assert.equal(r.json.error.code, 'policy.denied');
  });

  test('an expired key is auth.expired', async () => {
    const short = await gw.key({ ttlSeconds: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    const r = await post(`${gw.url}/v1/chat/completions`, chat('x'), { authorization: `Bearer ${short}` });
    assert.equal(r.json.error.code, 'auth.expired');
  });

  test('unknown routes are route.not_found', async () => {
    const r = await post(`${gw.url}/v1/nothing`, '{}', { authorization: `Bearer ${key}` });
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'route.not_found');
  });
});

describe('gateway: request shape', () => {
  let gw: TestGateway;
  let key: string;
  before(async () => {
    gw = await testGateway(() => 'listen: { port: 0, bodyLimit: 2kb }');
    key = await gw.key();
  });
  after(() => gw.close());

  test('a body over the limit is request.too_large (413), by header and by stream', async () => {
    const r = await post(`${gw.url}/v1/chat/completions`, chat('x'.repeat(4096)), {
      authorization: `Bearer ${key}`,
    });
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'request.too_large');
  });

  test('malformed JSON, a non-object and a missing model are request.invalid with what is wrong', async () => {
    for (const [body, msg] of [
      ['{"model":', /not valid JSON/],
      ['[1,2]', /must be a JSON object/],
      ['{"messages":[]}', /must name a model/],
    ] as const) {
      const r = await post(`${gw.url}/v1/chat/completions`, body, { authorization: `Bearer ${key}` });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.code, 'request.invalid');
      assert.match(r.json.error.message, msg);
    }
  });

  test('JSON and KServe v2 inference endpoints are forwarded', async () => {
    const plain = await post(
      `${gw.url}/v1/models/iris/infer`,
      JSON.stringify({ inputs: [6.7, 3.0, 5.2, 2.3] }),
      {
        authorization: `Bearer ${key}`,
      },
    );
    assert.equal(plain.json.label, 'virginica');
    const v2 = await post(
      `${gw.url}/v2/models/iris-v2/infer`,
      JSON.stringify({
        inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: [5.1, 3.5, 1.4, 0.2] }],
      }),
      { authorization: `Bearer ${key}` },
    );
    assert.equal(v2.json.outputs[0].data[0], 'setosa');
  });
});

describe('gateway: upstream failures', () => {
  test('a slow upstream is upstream.timeout (504)', async () => {
    const gw = await testGateway(
      (u) => `models:\n  - { name: demo-chat, upstream: { kind: openai, url: "${u}/v1", timeout: 200ms } }`,
      { delayMs: 1500 },
    );
    try {
      const r = await post(`${gw.url}/v1/chat/completions`, chat('x'), {
        authorization: `Bearer ${await gw.key()}`,
      });
      assert.equal(r.status, 504);
      assert.equal(r.json.error.code, 'upstream.timeout');
    } finally {
      await gw.close();
    }
  });

  test('an unreachable upstream is upstream.unavailable (502)', async () => {
    const gw = await testGateway(
      () => 'models:\n  - { name: demo-chat, upstream: { kind: openai, url: "http://127.0.0.1:1/v1" } }',
    );
    try {
      const r = await post(`${gw.url}/v1/chat/completions`, chat('x'), {
        authorization: `Bearer ${await gw.key()}`,
      });
      assert.equal(r.status, 502);
      assert.equal(r.json.error.code, 'upstream.unavailable');
    } finally {
      await gw.close();
    }
  });

  test('the upstream gets its own credential from the environment, never the client one', async () => {
    const gw = await testGateway(
      (u) =>
        `models:\n  - { name: demo-chat, upstream: { kind: openai, url: "${u}/v1", apiKey: "\${UP_SECRET}" } }`,
      { apiKey: 'sk-upstream' },
      { ...process.env, UP_SECRET: 'sk-upstream' },
    );
    try {
      const r = await post(`${gw.url}/v1/chat/completions`, chat('x'), {
        authorization: `Bearer ${await gw.key()}`,
      });
      assert.equal(r.status, 200);
      assert.equal(gw.upstream.lastHeaders()!.authorization, 'Bearer sk-upstream');
    } finally {
      await gw.close();
    }
  });
});

describe('gateway: operations', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await testGateway();
  });
  after(() => gw.close());

  test('healthz and readyz answer without credentials', async () => {
    assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${gw.url}/readyz`)).status, 200);
  });

  test('metrics count requests by model, decision and status', async () => {
    const key = await gw.key();
    await post(`${gw.url}/v1/chat/completions`, chat('x'), { authorization: `Bearer ${key}` });
    await post(`${gw.url}/v1/chat/completions`, chat('x'));
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    assert.match(
      text,
      /parapet_requests_total\{model="demo-chat",decision="allow",status="200",reason=""\} 1/,
    );
    assert.match(
      text,
      /parapet_requests_total\{model="",decision="deny",status="401",reason="auth.missing"\} 1/,
    );
    assert.match(text, /parapet_overhead_seconds_bucket/);
  });

  test('model names nobody configured are counted as one (unknown) series, not one each', async () => {
    const key = await gw.key();
    for (const name of ['no-such-1', 'no-such-2', 'no-such-3'])
      await post(`${gw.url}/v1/chat/completions`, chat('x', { model: name }), {
        authorization: `Bearer ${key}`,
      });
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    assert.doesNotMatch(text, /no-such-/);
    assert.match(
      text,
      /parapet_requests_total\{model="\(unknown\)",decision="deny",status="(403|404)",reason="[a-z._]+"\} 3/,
    );
  });
});
