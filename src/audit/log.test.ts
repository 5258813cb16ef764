import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AuditRow, Store } from '../store/index.ts';
import { chainHash, GENESIS } from './lib/chain.ts';
import { type Backend, makeEvent, postgresBackend, sqliteBackend } from './lib/testing.ts';
import { createAuditLog } from './log.ts';

for (const make of [sqliteBackend, postgresBackend]) {
  describe(`audit log on ${make.name.replace('Backend', '')}`, () => {
    let b: Backend;
    let store: Store;
    before(async () => {
      b = await make();
      store = await b.open();
    });
    after(async () => {
      await store.close();
      await b.cleanup();
    });
    const keyFile = (): string => join(b.dir, 'signing.pem');

    test('chains events from 64 zeros and each hash covers the previous one', async () => {
      const log = await createAuditLog({ store, node: 'chain', checkpoint: { keyFile: keyFile() } });
      for (let i = 1; i <= 3; i++) await log.record(makeEvent('chain', i));
      await log.close();
      const rows = await store.audit.range('chain', 0, 10);
      assert.deepEqual(
        rows.map((r) => r.seq),
        [1, 2, 3],
      );
      assert.equal(rows[0]?.prevHash, GENESIS);
      assert.equal(rows[1]?.prevHash, rows[0]?.hash);
      assert.equal(rows[2]?.hash, chainHash(rows[1]!.hash, rows[2]!.body));
    });

    test('resumes its chain after a restart', async () => {
      const first = await createAuditLog({ store, node: 'resume', checkpoint: { keyFile: keyFile() } });
      await first.record(makeEvent('resume', 1));
      await first.close();
      const second = await createAuditLog({ store, node: 'resume', checkpoint: { keyFile: keyFile() } });
      await second.record(makeEvent('resume', 2));
      await second.close();
      const rows = await store.audit.range('resume', 0, 10);
      assert.deepEqual(
        rows.map((r) => [r.seq, r.prevHash === (rows[r.seq - 2]?.hash ?? GENESIS)]),
        [
          [1, true],
          [2, true],
        ],
      );
      assert.equal((await second.verify({ node: 'resume' })).ok, true);
    });

    test('group commit: events arriving during a commit share the next transaction', async () => {
      const batches: number[] = [];
      const counting: Store = {
        ...store,
        audit: {
          ...store.audit,
          append: (rows: readonly AuditRow[]) => {
            batches.push(rows.length);
            return store.audit.append(rows);
          },
        },
      };
      const log = await createAuditLog({
        store: counting,
        node: 'group',
        checkpoint: { keyFile: keyFile() },
      });
      await Promise.all(Array.from({ length: 50 }, (_, i) => log.record(makeEvent('group', i + 1))));
      await log.close();
      assert.deepEqual(batches, [1, 49]);
      assert.equal((await store.audit.head('group'))?.seq, 50);
    });

    test('async mode resolves before the write and close() flushes everything', async () => {
      const log = await createAuditLog({
        store,
        node: 'async',
        durability: 'async',
        maxQueue: 16,
        checkpoint: { keyFile: keyFile() },
      });
      for (let i = 1; i <= 200; i++) await log.record(makeEvent('async', i));
      await log.close();
      assert.equal((await store.audit.head('async'))?.seq, 200);
      assert.equal((await log.verify({ node: 'async' })).ok, true);
    });

    test('signs a checkpoint every N events and a final one on close', async () => {
      const log = await createAuditLog({ store, node: 'cp', checkpoint: { every: 5, keyFile: keyFile() } });
      for (let i = 1; i <= 12; i++) await log.record(makeEvent('cp', i));
      await log.close();
      assert.deepEqual(
        (await store.audit.checkpoints('cp')).map((c) => c.seq),
        [5, 10, 12],
      );
      const report = await log.verify({ node: 'cp' });
      assert.equal(report.ok, true);
      assert.equal(report.keysPinned, true);
    });

    test(
      'signs a checkpoint on the interval when fewer than N events arrived',
      {
        timeout: 10_000,
      },
      async () => {
        const log = await createAuditLog({
          store,
          node: 'interval',
          checkpoint: { every: 1000, intervalMs: 10, keyFile: keyFile() },
        });
        for (let i = 1; i <= 3; i++) await log.record(makeEvent('interval', i));
        // Wait for the timer (bounded by the test timeout); close() would sign one too, so check first.
        while ((await store.audit.checkpoints('interval')).length === 0)
          await new Promise((r) => setTimeout(r, 10));
        assert.deepEqual(
          (await store.audit.checkpoints('interval')).map((c) => c.seq),
          [3],
        );
        await log.close();
      },
    );

    test('creates the signing key file with mode 0600 and never stores the private key', async () => {
      const file = join(b.dir, 'fresh', 'key.pem');
      const log = await createAuditLog({ store, node: 'keyfile', checkpoint: { keyFile: file } });
      await log.record(makeEvent('keyfile', 1));
      await log.close();
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const cps = await store.sql.query<{ public_key: string }>(
        'SELECT public_key FROM audit_checkpoints WHERE node = $1',
        ['keyfile'],
      );
      assert.match(cps[0]!.public_key, /BEGIN PUBLIC KEY/);
      assert.doesNotMatch(cps[0]!.public_key, /PRIVATE/);
    });

    test('stores hostile strings (NUL, lone surrogates, huge ids) intact in the body and safely in columns', async () => {
      const log = await createAuditLog({ store, node: 'hostile', checkpoint: { keyFile: keyFile() } });
      const model = `gpt\u0000\ud800${'x'.repeat(5000)}`;
      const e = makeEvent('hostile', 1, {
        request: { method: 'POST', route: '/v1/chat/completions', model, bytesIn: 1 },
        identity: { kind: 'jwt', id: 'y'.repeat(10_000), roles: [] },
      });
      await log.record(e);
      await log.close();
      const [stored] = await log.query({ node: 'hostile' });
      assert.equal(stored?.event.request.model, model);
      assert.equal(stored?.event.identity.id.length, 10_000);
      assert.equal(
        (await log.query({ node: 'hostile', model: `gpt\ufffd\ufffd${'x'.repeat(251)}` })).length,
        1,
      );
      assert.equal((await log.verify({ node: 'hostile' })).ok, true);
    });

    test('rejects an event that names another node', async () => {
      const log = await createAuditLog({ store, node: 'mine', checkpoint: { keyFile: keyFile() } });
      await assert.rejects(log.record(makeEvent('theirs', 1)), /does not match/);
      await log.close();
    });

    test('two nodes writing concurrently each keep their own intact chain', async () => {
      const other = await b.open();
      const a = await createAuditLog({ store, node: 'node-a', checkpoint: { every: 7, keyFile: keyFile() } });
      const c = await createAuditLog({
        store: other,
        node: 'node-b',
        checkpoint: { every: 7, keyFile: keyFile() },
      });
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => [
          a.record(makeEvent('node-a', i + 1)),
          c.record(makeEvent('node-b', i + 1)),
        ]).flat(),
      );
      await a.close();
      await c.close();
      await other.close();
      for (const node of ['node-a', 'node-b']) {
        const report = await a.verify({ node });
        assert.equal(report.ok, true, report.problem?.message);
        assert.equal(report.nodes[0]?.lastSeq, 40);
      }
    });

    test('a second writer for the same node is refused while the first holds it, and admitted after close', async () => {
      const other = await b.open();
      const first = await createAuditLog({ store, node: 'solo', checkpoint: { keyFile: keyFile() } });
      await assert.rejects(
        createAuditLog({ store: other, node: 'solo', checkpoint: { keyFile: keyFile() } }),
        new RegExp(`audit chain "solo" is being written by process ${process.pid} on .*own node name`),
      );
      await first.record(makeEvent('solo', 1));
      await first.close();
      const second = await createAuditLog({ store: other, node: 'solo', checkpoint: { keyFile: keyFile() } });
      await second.record(makeEvent('solo', 2));
      await second.close();
      await other.close();
      assert.equal((await store.audit.head('solo'))?.seq, 2);
    });

    test('takes over a node whose writer stopped heartbeating or whose process on this host is gone', async () => {
      // A writer that crashed on another host: its heartbeat is older than the lease.
      await store.sql.execute(
        'INSERT INTO audit_writers (node, owner, host, pid, heartbeat) VALUES ($1, $2, $3, $4, $5)',
        ['stale', 'someone', 'elsewhere.example', 1, Date.now() - 120_000],
      );
      const a = await createAuditLog({ store, node: 'stale', checkpoint: { keyFile: keyFile() } });
      await a.close();
      // A writer that was SIGKILLed on this host a moment ago: fresh heartbeat, but no such process.
      const { hostname } = await import('node:os');
      await store.sql.execute(
        'INSERT INTO audit_writers (node, owner, host, pid, heartbeat) VALUES ($1, $2, $3, $4, $5)',
        ['crashed', 'someone', hostname(), 2 ** 22 + 12_345, Date.now()],
      );
      const c = await createAuditLog({ store, node: 'crashed', checkpoint: { keyFile: keyFile() } });
      await c.close();
      // A live writer on another host keeps its node.
      await store.sql.execute(
        'INSERT INTO audit_writers (node, owner, host, pid, heartbeat) VALUES ($1, $2, $3, $4, $5)',
        ['live', 'someone', 'elsewhere.example', 1, Date.now()],
      );
      await assert.rejects(
        createAuditLog({ store, node: 'live', checkpoint: { keyFile: keyFile() } }),
        /audit chain "live" is being written by process 1 on elsewhere.example/,
      );
    });

    test('a writer whose node was taken over stops recording instead of forking the chain', async () => {
      const errors: string[] = [];
      const log = await createAuditLog({
        store,
        node: 'usurped',
        writerLeaseMs: 90,
        checkpoint: { keyFile: keyFile() },
        onError: (e) => errors.push(e.message),
      });
      await log.record(makeEvent('usurped', 1));
      await store.sql.execute("UPDATE audit_writers SET owner = 'intruder' WHERE node = $1", ['usurped']);
      await new Promise((r) => setTimeout(r, 200));
      await assert.rejects(log.record(makeEvent('usurped', 2)), /taken over audit chain "usurped"/);
      assert.match(errors[0] ?? '', /taken over/);
      await log.close();
      assert.equal((await store.audit.head('usurped'))?.seq, 1);
    });

    test('queries by identity, model, decision and time; tail returns the newest oldest-first', async () => {
      const log = await createAuditLog({ store, node: 'q', checkpoint: { keyFile: keyFile() } });
      for (let i = 1; i <= 10; i++) await log.record(makeEvent('q', i));
      await log.close();
      const denied = await log.query({ node: 'q', decision: 'deny' });
      assert.deepEqual(
        denied.map((e) => e.event.requestId),
        ['req-q-10', 'req-q-5'],
      );
      const bob = await log.query({ node: 'q', identity: 'key-bob', model: 'llama' });
      assert.deepEqual(
        bob.map((e) => e.seq),
        [6],
      );
      const window = await log.query({
        node: 'q',
        since: new Date(makeEvent('q', 3).time),
        until: new Date(makeEvent('q', 5).time),
      });
      assert.deepEqual(
        window.map((e) => e.seq),
        [4, 3],
      );
      const tail = await log.tail(2);
      assert.equal(tail.length, 2);
      assert.ok(tail[0]!.event.time <= tail[1]!.event.time);
    });
  });
}

describe('audit log when the database fails', () => {
  let b: Backend;
  let store: Store;
  before(async () => {
    b = await sqliteBackend();
    store = await b.open();
  });
  after(async () => {
    await store.close();
    await b.cleanup();
  });
  // The real store, with its first `n` appends failing as a full disk or lost connection would.
  const failing = (n: number): Store => {
    let left = n;
    return {
      ...store,
      audit: {
        ...store.audit,
        append: (rows: readonly AuditRow[]) =>
          left-- > 0 ? Promise.reject(new Error('disk full')) : store.audit.append(rows),
      },
    };
  };

  test('strict mode rejects record() when the commit fails, and the chain continues cleanly after', async () => {
    const log = await createAuditLog({
      store: failing(1),
      node: 'strict-fail',
      checkpoint: { keyFile: join(b.dir, 'k.pem') },
    });
    await assert.rejects(log.record(makeEvent('strict-fail', 1)), /disk full/);
    await log.record(makeEvent('strict-fail', 2));
    await log.close();
    const rows = await store.audit.range('strict-fail', 0, 10);
    assert.deepEqual(
      rows.map((r) => [r.seq, r.requestId]),
      [[1, 'req-strict-fail-2']],
    );
    assert.equal((await log.verify({ node: 'strict-fail' })).ok, true);
  });

  test('async mode keeps and retries events through failed commits: none is lost', async () => {
    const errors: string[] = [];
    const log = await createAuditLog({
      store: failing(3),
      node: 'async-fail',
      durability: 'async',
      maxQueue: 8,
      checkpoint: { keyFile: join(b.dir, 'k.pem') },
      onError: (e) => errors.push(e.message),
    });
    for (let i = 1; i <= 30; i++) await log.record(makeEvent('async-fail', i));
    await log.close();
    assert.deepEqual(errors, ['disk full', 'disk full', 'disk full']);
    const rows = await store.audit.range('async-fail', 0, 100);
    assert.deepEqual(
      rows.map((r) => r.requestId),
      Array.from({ length: 30 }, (_, i) => `req-async-fail-${i + 1}`),
    );
  });
});
