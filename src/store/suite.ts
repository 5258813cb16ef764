// One definition of a correct store, run against every implementation (sqlite.test.ts,
// postgres.test.ts). `makeStore` opens a new connection to the same database each time it is called.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { AuditRow, KeyRow, Store } from './types.ts';

const uniq = (p: string): string => `${p}_${randomUUID().slice(0, 8)}`;

function row(node: string, seq: number, over: Partial<AuditRow> = {}): AuditRow {
  return {
    node,
    seq,
    prevHash: seq === 1 ? '0'.repeat(64) : `h${seq - 1}`,
    hash: `h${seq}`,
    body: `{"n":${seq}}`,
    ts: 1_700_000_000_000 + seq * 1000,
    requestId: `req-${seq}`,
    identityId: seq % 2 ? 'alice' : 'bob',
    model: seq % 3 ? 'gpt' : null,
    decision: seq % 4 ? 'allow' : 'deny',
    ...over,
  };
}

function key(id: string, over: Partial<KeyRow> = {}): KeyRow {
  return {
    id,
    name: 'ci',
    roles: ['reader', 'writer'],
    models: ['*'],
    tenant: null,
    secretHash: 'ab'.repeat(32),
    createdAt: 1_700_000_000_000,
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    ...over,
  };
}

/** Registers the store behaviour tests under `name`. */
export function runStoreSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`store behaviour: ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await makeStore();
    });
    after(async () => {
      await store.close();
    });

    test('applies each migration step once and only new steps on a later open', async () => {
      const part = uniq('part');
      const table = uniq('t');
      const steps = [`CREATE TABLE ${table} (id TEXT PRIMARY KEY, n BIGINT NOT NULL)`];
      await store.sql.migrate(part, steps);
      await store.sql.migrate(part, steps);
      const second = await makeStore();
      try {
        await second.sql.migrate(part, [...steps, `ALTER TABLE ${table} ADD COLUMN note TEXT`]);
      } finally {
        await second.close();
      }
      await store.sql.execute(`INSERT INTO ${table} (id, n, note) VALUES ($1, $2, $3)`, ['a', 1, 'x']);
      const applied = await store.sql.query<{ version: number }>(
        'SELECT version FROM parapet_migrations WHERE part = $1 ORDER BY version',
        [part],
      );
      assert.deepEqual(
        applied.map((r) => Number(r.version)),
        [1, 2],
      );
    });

    test('a failing migration step leaves nothing applied and is retried next time', async () => {
      const part = uniq('part');
      const table = uniq('t');
      await assert.rejects(store.sql.migrate(part, [`CREATE TABLE ${table} (id TEXT); SELEC broken`]));
      const applied = await store.sql.query('SELECT 1 FROM parapet_migrations WHERE part = $1', [part]);
      assert.equal(applied.length, 0);
      await store.sql.migrate(part, [`CREATE TABLE ${table} (id TEXT)`]);
      assert.equal(
        (await store.sql.query('SELECT 1 FROM parapet_migrations WHERE part = $1', [part])).length,
        1,
      );
    });

    test('query translates $n placeholders but leaves a $1 inside a string literal alone', async () => {
      const rows = await store.sql.query<{ a: string; b: string }>(`SELECT $1 AS a, '$1 stays' AS b`, [
        'bound',
      ]);
      assert.deepEqual(rows, [{ a: 'bound', b: '$1 stays' }]);
    });

    test('BIGINT values come back as numbers and execute reports changed rows', async () => {
      const part = uniq('part');
      const table = uniq('t');
      await store.sql.migrate(part, [`CREATE TABLE ${table} (id TEXT PRIMARY KEY, n BIGINT NOT NULL)`]);
      await store.sql.execute(`INSERT INTO ${table} (id, n) VALUES ($1, $2), ($3, $4)`, [
        'a',
        1_700_000_000_123,
        'b',
        2,
      ]);
      assert.equal(await store.sql.execute(`UPDATE ${table} SET n = n + 1`), 2);
      const rows = await store.sql.query<{ n: number }>(`SELECT n FROM ${table} WHERE id = $1`, ['a']);
      assert.equal(rows[0]?.n, 1_700_000_000_124);
    });

    test('a transaction applies all its statements, or none when one fails', async () => {
      const part = uniq('part');
      const table = uniq('t');
      await store.sql.migrate(part, [`CREATE TABLE ${table} (id TEXT PRIMARY KEY, n BIGINT NOT NULL)`]);
      const counts = await store.sql.transaction([
        { text: `INSERT INTO ${table} (id, n) VALUES ($1, $2)`, params: ['a', 1] },
        { text: `INSERT INTO ${table} (id, n) VALUES ($1, $2)`, params: ['b', 2] },
        { text: `UPDATE ${table} SET n = n + 10` },
      ]);
      assert.deepEqual(counts, [1, 1, 2]);
      await assert.rejects(
        store.sql.transaction([
          { text: `UPDATE ${table} SET n = 0 WHERE id = $1`, params: ['a'] },
          { text: `INSERT INTO ${table} (id, n) VALUES ($1, $2)`, params: ['b', 3] },
        ]),
      );
      const rows = await store.sql.query<{ id: string; n: number }>(`SELECT id, n FROM ${table} ORDER BY id`);
      assert.deepEqual(rows, [
        { id: 'a', n: 11 },
        { id: 'b', n: 12 },
      ]);
    });

    test('appends audit rows and reads back the head, ranges and per-node heads', async () => {
      const node = uniq('node');
      assert.equal(await store.audit.head(node), undefined);
      await store.audit.append([row(node, 1), row(node, 2), row(node, 3)]);
      await store.audit.append([row(node, 4)]);
      assert.deepEqual(await store.audit.head(node), { seq: 4, hash: 'h4' });
      assert.deepEqual(await store.audit.range(node, 1, 2), [row(node, 2), row(node, 3)]);
      assert.equal((await store.audit.heads()).get(node), 4);
      assert.ok((await store.audit.nodes()).includes(node));
    });

    test('an append batch with a clashing seq stores none of its rows', async () => {
      const node = uniq('node');
      await store.audit.append([row(node, 1)]);
      await assert.rejects(store.audit.append([row(node, 2), row(node, 1)]));
      assert.deepEqual(await store.audit.head(node), { seq: 1, hash: 'h1' });
    });

    test('filters audit rows by identity, model, decision and time, newest first', async () => {
      const node = uniq('node');
      await store.audit.append(Array.from({ length: 12 }, (_, i) => row(node, i + 1)));
      const alice = await store.audit.query({ node, identityId: 'alice', limit: 100 });
      assert.deepEqual(
        alice.map((r) => r.seq),
        [11, 9, 7, 5, 3, 1],
      );
      const denied = await store.audit.query({ node, decision: 'deny', limit: 100 });
      assert.deepEqual(
        denied.map((r) => r.seq),
        [12, 8, 4],
      );
      const gpt = await store.audit.query({
        node,
        model: 'gpt',
        since: row(node, 4).ts,
        until: row(node, 8).ts,
        limit: 100,
      });
      assert.deepEqual(
        gpt.map((r) => r.seq),
        [7, 5, 4],
      );
      assert.equal((await store.audit.query({ node, limit: 2 })).length, 2);
    });

    test('stores checkpoints and lists them by seq', async () => {
      const node = uniq('node');
      const cp = { node, seq: 5, hash: 'h5', signedAt: 1, keyId: 'k', publicKey: 'pem', signature: 'sig' };
      await store.audit.addCheckpoint({ ...cp, seq: 10, hash: 'h10' });
      await store.audit.addCheckpoint(cp);
      assert.deepEqual(
        (await store.audit.checkpoints(node)).map((c) => c.seq),
        [5, 10],
      );
      assert.deepEqual((await store.audit.checkpoints(node))[0], cp);
      assert.ok((await store.audit.nodes()).includes(node));
    });

    test('stores keys, lists them, revokes once and records last use without going backwards', async () => {
      const id = uniq('k');
      const k = key(id, { tenant: 'acme', expiresAt: 1_800_000_000_000 });
      await store.keys.insert(k);
      assert.deepEqual(await store.keys.get(id), k);
      assert.ok((await store.keys.list()).some((r) => r.id === id));
      assert.equal(await store.keys.get(uniq('missing')), undefined);

      await store.keys.touch(new Map([[id, 2000]]));
      await store.keys.touch(new Map([[id, 1000]]));
      assert.equal((await store.keys.get(id))?.lastUsedAt, 2000);

      assert.equal(await store.keys.revoke(id, 5000), true);
      assert.equal(await store.keys.revoke(id, 6000), true);
      assert.equal((await store.keys.get(id))?.revokedAt, 5000);
      assert.equal(await store.keys.revoke(uniq('missing'), 1), false);
    });

    test('a second connection sees what the first committed', async () => {
      const node = uniq('node');
      await store.audit.append([row(node, 1)]);
      const other = await makeStore();
      try {
        assert.deepEqual(await other.audit.head(node), { seq: 1, hash: 'h1' });
      } finally {
        await other.close();
      }
    });
  });
}
