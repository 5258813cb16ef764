import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { createTarget, fill, httpTarget, openaiTarget } from './index.ts';

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

/** A real HTTP server answering with `answer(body, n)` for the n-th request. */
async function serve(
  answer: (body: unknown, n: number) => [number, unknown],
): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const s = createServer(async (req, res) => {
    let text = '';
    for await (const c of req) text += c;
    const body = JSON.parse(text || 'null');
    bodies.push(body);
    const [status, json] = answer(body, bodies.length);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, bodies };
}

const limits = { timeoutMs: 5000, retries: 2, budget: 100, backoffMs: 1 };

test('a generic HTTP target fills the template and reads the answer with the JSONPath extractor', async () => {
  const s = await serve(() => [200, { data: { outputs: [{ text: 'hello' }, { text: 'world' }] } }]);
  const cfg = httpTarget.parse({
    kind: 'http',
    url: `${s.url}/ask`,
    body: { q: '{{prompt}}', past: '{{history}}', note: 'user said: {{prompt}}' },
    response: { text: '$.data.outputs[*].text' },
  });
  const t = createTarget(cfg, limits);
  const r = await t.send([
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'hi "there"' },
  ]);
  assert.deepEqual(r, { kind: 'ok', text: 'hello\nworld', toolCalls: [] });
  assert.deepEqual(s.bodies[0], {
    q: 'hi "there"',
    past: [{ role: 'system', content: 'sys' }],
    note: 'user said: hi "there"',
  });
});

test('a gateway denial is blocked with its code, not an error and not an answer', async () => {
  const s = await serve(() => [
    403,
    { error: { type: 'permission_error', code: 'guard.canary', message: 'no', request_id: 'r' } },
  ]);
  const t = createTarget(openaiTarget.parse({ kind: 'openai', url: `${s.url}/v1`, model: 'm' }), limits);
  const r = await t.send([{ role: 'user', content: 'x' }]);
  assert.equal(r.kind, 'blocked');
  assert.equal(r.kind === 'blocked' && r.code, 'guard.canary');
  assert.equal(t.sent(), 1);
});

test('retries a 5xx with backoff and succeeds; a 4xx that is not a denial is an error without retry', async () => {
  const ok = { choices: [{ message: { content: 'fine' } }], usage: { completion_tokens: 1 } };
  const flaky = await serve((_b, n) => (n < 3 ? [502, { error: { message: 'bad gateway' } }] : [200, ok]));
  const t = createTarget(openaiTarget.parse({ kind: 'openai', url: `${flaky.url}/v1`, model: 'm' }), limits);
  assert.equal((await t.send([{ role: 'user', content: 'x' }])).kind, 'ok');
  assert.equal(t.sent(), 3);
  const bad = await serve(() => [400, { error: { code: 'request.invalid', message: 'nope' } }]);
  const u = createTarget(openaiTarget.parse({ kind: 'openai', url: `${bad.url}/v1`, model: 'm' }), limits);
  const r = await u.send([{ role: 'user', content: 'x' }]);
  assert.equal(r.kind, 'error');
  assert.equal(u.sent(), 1);
});

test('stops sending when the request budget is spent', async () => {
  const s = await serve(() => [500, {}]);
  const t = createTarget(openaiTarget.parse({ kind: 'openai', url: `${s.url}/v1`, model: 'm' }), {
    ...limits,
    budget: 4,
  });
  await t.send([{ role: 'user', content: 'a' }]);
  const r = await t.send([{ role: 'user', content: 'b' }]);
  assert.equal(t.sent(), 4);
  assert.match(r.kind === 'error' ? r.message : '', /budget of 4 spent/);
  assert.equal(s.bodies.length, 4);
});

test('times out a target that does not answer', async () => {
  const s = createServer(() => {});
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/v1`;
  const t = createTarget(openaiTarget.parse({ kind: 'openai', url, model: 'm' }), {
    ...limits,
    timeoutMs: 200,
    retries: 0,
  });
  const r = await t.send([{ role: 'user', content: 'x' }]);
  assert.match(r.kind === 'error' ? r.message : '', /no answer within 200 ms/);
  s.closeAllConnections();
});

test('sends the API key from the named environment variable, and reads tool calls', async () => {
  const s = await serve(() => [
    200,
    {
      choices: [
        { message: { content: null, tool_calls: [{ function: { name: 'send_email', arguments: '{}' } }] } },
      ],
    },
  ]);
  const t = createTarget(
    openaiTarget.parse({ kind: 'openai', url: `${s.url}/v1`, model: 'm', apiKeyEnv: 'K' }),
    limits,
    { K: 'secret' },
  );
  const r = await t.send(
    [{ role: 'user', content: 'x' }],
    [{ name: 'send_email', description: '', parameters: {} }],
  );
  assert.deepEqual(r.kind === 'ok' && r.toolCalls, [{ name: 'send_email', arguments: '{}' }]);
  assert.deepEqual((s.bodies[0] as { tools: unknown[] }).tools, [
    { type: 'function', function: { name: 'send_email', description: '', parameters: {} } },
  ]);
});

test('template placeholders are values when whole, text when embedded, and unknown ones stay', () => {
  assert.deepEqual(fill({ a: '{{n}}', b: 'n={{n}}', c: ['{{x}}'] }, { n: [1] }), {
    a: [1],
    b: 'n=[1]',
    c: ['{{x}}'],
  });
});

test('rejects an unsupported JSONPath in the target config', () => {
  const r = httpTarget.safeParse({ kind: 'http', url: 'http://x/', body: {}, response: { text: '$..text' } });
  assert.equal(r.success, false);
});
