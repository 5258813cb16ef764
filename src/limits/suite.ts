// The behaviour of limits on every state backend: each denial code with its headers, release of
// concurrency slots and token usage, per-model and per-identity rules.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { State } from '../state/index.ts';
import { createLimiter, type LimitsOptions } from './limiter.ts';

export function runLimitsSuite(
  name: string,
  open: () => Promise<{ state: State; cleanup(): Promise<void> }>,
) {
  describe(`limits: ${name}`, () => {
    let state: State;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ state, cleanup } = await open());
    });
    after(() => cleanup());
    const id = () => `who-${Math.random().toString(36).slice(2)}`;
    const limiter = (o: LimitsOptions) => createLimiter(state, o);
    const settle = () => new Promise((r) => setTimeout(r, 30));

    test('requests per window: limit.rate with Retry-After and RateLimit fields', async () => {
      const l = limiter({ identity: { requests: { limit: 3, window: 60_000 } } });
      const who = id();
      const first = await l.acquire({ identity: who, model: 'm', promptTokens: 1 });
      assert.ok(first.ok);
      assert.equal(first.value.headers['ratelimit-policy'], '"identity-requests";q=3;w=60');
      assert.match(first.value.headers.ratelimit!, /^"identity-requests";r=2;t=\d+$/);
      await l.acquire({ identity: who, model: 'm', promptTokens: 1 });
      await l.acquire({ identity: who, model: 'm', promptTokens: 1 });
      const r = await l.acquire({ identity: who, model: 'm', promptTokens: 1 });
      assert.ok(!r.ok);
      assert.equal(r.denial.code, 'limit.rate');
      const retry = Number(r.denial.headers!['retry-after']);
      assert.ok(retry >= 1 && retry <= 60, `retry-after ${retry}`);
      assert.match(r.denial.headers!.ratelimit!, /r=0/);
      // another identity is not affected
      assert.ok((await l.acquire({ identity: id(), model: 'm', promptTokens: 1 })).ok);
    });

    test('concurrency: limit.concurrency until a lease is released; release twice frees once', async () => {
      const l = limiter({ identity: { concurrency: 2 } });
      const who = id();
      const a = await l.acquire({ identity: who, model: 'm', promptTokens: 1 });
      const b = await l.acquire({ identity: who, model: 'm', promptTokens: 1 });
      assert.ok(a.ok && b.ok);
      const c = await l.acquire({ identity: who, model: 'm', promptTokens: 1 });
      assert.ok(!c.ok && c.denial.code === 'limit.concurrency');
      a.value.release({});
      a.value.release({});
      await settle();
      assert.ok((await l.acquire({ identity: who, model: 'm', promptTokens: 1 })).ok);
      assert.equal((await l.acquire({ identity: who, model: 'm', promptTokens: 1 })).ok, false);
    });

    test('tokens per minute count the estimate before and the completion after: limit.tokens', async () => {
      const l = limiter({ identity: { tokensPerMinute: 1000 } });
      const who = id();
      const a = await l.acquire({ identity: who, model: 'm', promptTokens: 300 });
      assert.ok(a.ok);
      a.value.release({ promptTokens: 300, completionTokens: 500 });
      await settle();
      const b = await l.acquire({ identity: who, model: 'm', promptTokens: 250 });
      assert.ok(!b.ok);
      assert.equal(b.denial.code, 'limit.tokens');
      assert.ok((await l.acquire({ identity: who, model: 'm', promptTokens: 150 })).ok);
    });

    test('a prompt larger than the whole per-minute allowance is refused outright', async () => {
      const l = limiter({ identity: { tokensPerMinute: 100 } });
      const r = await l.acquire({ identity: id(), model: 'm', promptTokens: 101 });
      assert.ok(!r.ok && r.denial.code === 'limit.tokens');
    });

    test('the daily budget: limit.budget once spent', async () => {
      const l = limiter({ identity: { tokensPerDay: 500 } });
      const who = id();
      const a = await l.acquire({ identity: who, model: 'm', promptTokens: 200 });
      assert.ok(a.ok);
      a.value.release({ completionTokens: 290 });
      await settle();
      const r = await l.acquire({ identity: who, model: 'm', promptTokens: 20 });
      assert.ok(!r.ok && r.denial.code === 'limit.budget');
    });

    test('a model rule is shared by all callers of that model; other models are free', async () => {
      const model = `m-${Math.random()}`;
      const l = limiter({ models: { [model]: { requests: { limit: 2, window: 60_000 } } } });
      assert.ok((await l.acquire({ identity: id(), model, promptTokens: 1 })).ok);
      assert.ok((await l.acquire({ identity: id(), model, promptTokens: 1 })).ok);
      const r = await l.acquire({ identity: id(), model, promptTokens: 1 });
      assert.ok(!r.ok && r.denial.code === 'limit.rate' && /model/.test(r.denial.message));
      assert.ok((await l.acquire({ identity: id(), model: 'other', promptTokens: 1 })).ok);
    });

    test('a per-identity rule replaces the default for that identity', async () => {
      const vip = id();
      const l = limiter({
        identity: { requests: { limit: 1, window: 60_000 } },
        identities: { [vip]: { requests: { limit: 3, window: 60_000 } } },
      });
      for (let i = 0; i < 3; i++)
        assert.ok((await l.acquire({ identity: vip, model: 'm', promptTokens: 1 })).ok);
      assert.equal((await l.acquire({ identity: vip, model: 'm', promptTokens: 1 })).ok, false);
    });

    test('with no rules, acquire costs nothing and sets no headers', async () => {
      const r = await limiter({}).acquire({ identity: id(), model: 'm', promptTokens: 10 });
      assert.ok(r.ok);
      assert.deepEqual(r.value.headers, {});
    });
  });
}
