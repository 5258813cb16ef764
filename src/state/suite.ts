// The behaviour every state backend must have. memory.test.ts and redis.test.ts run it; the Redis run
// also passes `second` — another node on the same Redis — for the many-node properties.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CounterOp, State } from './types.ts';

export function runStateSuite(
  name: string,
  open: () => Promise<{ state: State; second?: State; cleanup(): Promise<void> }>,
  opts: { manyNodes?: boolean } = {},
) {
  describe(`state: ${name}`, () => {
    let state: State;
    let second: State | undefined;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ state, second, cleanup } = await open());
    });
    after(() => cleanup());
    let n = 0;
    const key = () => `t${n++}:${Math.random().toString(36).slice(2)}`;
    const win = (k: string, limit: number, cost = 1): CounterOp => ({
      type: 'window',
      key: k,
      limit,
      windowMs: 60_000,
      cost,
    });

    test('a window admits exactly its limit, then refuses with a retry time inside the window', async () => {
      const k = key();
      const now = 1_800_000_000_000;
      for (let i = 0; i < 5; i++) assert.ok((await state.counters.consume([win(k, 5)], now)).ok);
      const r = await state.counters.consume([win(k, 5)], now);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.retryAfterMs > 0 && r.retryAfterMs <= 60_000);
      assert.equal(r.states[0]!.remaining, 0);
    });

    test('the sliding window still counts the previous window, weighted by overlap', async () => {
      const k = key();
      const t0 = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);
      for (let i = 0; i < 10; i++) assert.ok((await state.counters.consume([win(k, 10)], t0 + 1000)).ok);
      // a quarter into the next window, 75% of the previous 10 still count: only 2 more fit
      const quarter = t0 + 60_000 + 15_000;
      assert.ok((await state.counters.consume([win(k, 10)], quarter)).ok);
      assert.ok((await state.counters.consume([win(k, 10)], quarter)).ok);
      assert.equal((await state.counters.consume([win(k, 10)], quarter)).ok, false);
    });

    test('a fixed window resets at its boundary', async () => {
      const k = key();
      const day = 86_400_000;
      const t0 = 1_800_000_000_000 - (1_800_000_000_000 % day);
      const op: CounterOp = { type: 'fixed', key: k, limit: 100, windowMs: day, cost: 60 };
      assert.ok((await state.counters.consume([op], t0 + 10)).ok);
      const r = await state.counters.consume([op], t0 + day - 1000);
      assert.ok(!r.ok && r.retryAfterMs === 1000);
      assert.ok((await state.counters.consume([op], t0 + day)).ok);
    });

    test('ops are all-or-nothing: when one fails, none is applied', async () => {
      const a = key();
      const b = key();
      const now = Date.now();
      assert.ok((await state.counters.consume([win(b, 1)], now)).ok);
      const r = await state.counters.consume([win(a, 10), win(b, 1)], now);
      assert.ok(!r.ok && r.failed === 1);
      const after = await state.counters.consume([win(a, 1)], now);
      assert.ok(after.ok, 'the first op must not have been counted');
    });

    test('leases cap concurrency, are freed on release, and expire if never released', async () => {
      const k = key();
      const now = Date.now();
      const lease = (id: string, ttlMs = 60_000): CounterOp => ({
        type: 'lease',
        key: k,
        limit: 2,
        ttlMs,
        leaseId: id,
      });
      assert.ok((await state.counters.consume([lease('a')], now)).ok);
      assert.ok((await state.counters.consume([lease('b', 50)], now)).ok);
      assert.equal((await state.counters.consume([lease('c')], now)).ok, false);
      await state.counters.release([{ key: k, leaseId: 'a' }]);
      assert.ok((await state.counters.consume([lease('c')], now)).ok);
      // 'b' was taken with a 50 ms TTL: a crashed node's slot comes back on its own
      assert.ok((await state.counters.consume([lease('d')], now + 100)).ok);
    });

    test('add counts usage after the fact without checking', async () => {
      const k = key();
      const now = Date.now();
      assert.ok((await state.counters.consume([win(k, 100, 10)], now)).ok);
      await state.counters.add([{ type: 'window', key: k, windowMs: 60_000, cost: 85 }], now);
      assert.equal((await state.counters.consume([win(k, 100, 10)], now)).ok, false);
      assert.ok((await state.counters.consume([win(k, 100, 5)], now)).ok);
    });

    test('flags are set, checked, listed, expire and are cleared', async () => {
      const id = key();
      assert.equal(state.flags.check('identity', id), false);
      await state.flags.set('identity', id, { reason: 'extraction' });
      assert.equal(state.flags.check('identity', id), true);
      assert.equal(state.flags.check('source', id), false);
      assert.ok((await state.flags.list()).some((f) => f.id === id && f.reason === 'extraction'));
      assert.equal(state.flags.get('identity', id)?.reason, 'extraction');
      assert.equal(state.flags.get('source', id), undefined);
      await state.flags.clear('identity', id);
      assert.equal(state.flags.check('identity', id), false);
      await state.flags.set('model', id, { reason: 'tampered', ttlSeconds: 1 });
      assert.equal(state.flags.check('model', id), true);
      await new Promise((r) => setTimeout(r, 1100));
      assert.equal(state.flags.check('model', id), false);
    });

    if (opts.manyNodes) {
      test('two nodes: a limit of N per window admits N in total under concurrent load', async () => {
        const k = key();
        const now = Date.now();
        const tries = Array.from({ length: 60 }, (_, i) =>
          (i % 2 ? second! : state).counters.consume([win(k, 25)], now),
        );
        const results = await Promise.all(tries);
        assert.equal(results.filter((r) => r.ok).length, 25);
      });

      test('two nodes: a flag set on one is seen by the other within a second', async () => {
        const id = key();
        await state.flags.set('source', id, { reason: 'scraper' });
        const started = Date.now();
        while (!second!.flags.check('source', id) && Date.now() - started < 1000)
          await new Promise((r) => setTimeout(r, 10));
        assert.equal(second!.flags.check('source', id), true);
        await second!.flags.clear('source', id);
        const cleared = Date.now();
        while (state.flags.check('source', id) && Date.now() - cleared < 1000)
          await new Promise((r) => setTimeout(r, 10));
        assert.equal(state.flags.check('source', id), false);
      });
    }
  });
}
