import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore, type Store } from '../../store/index.ts';
import { createTestDatabase } from '../../store/lib/pg-test-db.ts';
import { createKey, createKeyVerifier, listKeys, parseKey, revokeKey } from './index.ts';

const backends: [string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>][] = [
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parapet-keys-'));
      const store = await openStore({ kind: 'sqlite', path: join(dir, 'keys.db') });
      return { store, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
  [
    'postgres',
    async () => {
      const db = await createTestDatabase();
      const store = await openStore({ kind: 'postgres', url: db.url });
      return { store, cleanup: db.drop };
    },
  ],
];

test('parses only the exact pk_<24 hex>_<43 base64url> shape', () => {
  const good = `pk_${'a1'.repeat(12)}_${'A-_z'.repeat(10)}xyz`;
  assert.deepEqual(parseKey(good), { id: 'a1'.repeat(12), secret: `${'A-_z'.repeat(10)}xyz` });
  for (const bad of [
    '',
    good.slice(1),
    `${good}x`,
    good.replace('pk_', 'sk_'),
    good.replace('a1', 'G1'),
    `${good.slice(0, -1)}=`,
    `pk_${'a1'.repeat(12)}-${'A'.repeat(43)}`,
  ])
    assert.equal(parseKey(bad), undefined, bad);
});

for (const [name, open] of backends) {
  describe(`API keys on ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ store, cleanup } = await open());
    });
    after(async () => {
      await store.close();
      await cleanup();
    });

    test('stores only the SHA-256 of the secret, never the key', async () => {
      const { id, key } = await createKey(store, { name: 'ci', roles: ['app'], models: ['*'] });
      const secret = parseKey(key)!.secret;
      const raw = await store.sql.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [
        id,
      ]);
      assert.equal(raw[0]!.secret_hash, createHash('sha256').update(secret).digest('hex'));
      assert.ok(!JSON.stringify(raw).includes(secret));
    });

    test('verifies a fresh key and returns its roles, models and tenant', async () => {
      const { id, key } = await createKey(store, {
        name: 'svc',
        roles: ['app', 'reader'],
        models: ['gpt-4o', 'llama'],
        tenant: 'acme',
      });
      const v = createKeyVerifier(store);
      const r = await v.verify(key);
      await v.close();
      assert.deepEqual(r, {
        ok: true,
        value: {
          kind: 'api_key',
          id,
          name: 'svc',
          roles: ['app', 'reader'],
          models: ['gpt-4o', 'llama'],
          tenant: 'acme',
        },
      });
    });

    test('answers auth.invalid for a wrong secret, an unknown id and a malformed key', async () => {
      const { key } = await createKey(store, { name: 'x', roles: ['app'], models: ['*'] });
      const v = createKeyVerifier(store);
      const wrongSecret = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
      const unknownId = `pk_${'0'.repeat(24)}${key.slice(27)}`;
      for (const presented of [wrongSecret, unknownId, 'pk_nope', `${key} `]) {
        const r = await v.verifyKey(presented);
        assert.equal(r.ok ? 'ok' : r.denial.code, 'auth.invalid', presented);
      }
      await v.close();
    });

    test('answers auth.expired once the TTL has passed', async () => {
      const { key } = await createKey(store, {
        name: 'short',
        roles: ['app'],
        models: ['*'],
        ttlSeconds: 60,
      });
      const v = createKeyVerifier(store, { now: () => Date.now() + 61_000 });
      const r = await v.verify(key);
      await v.close();
      assert.equal(r.ok ? 'ok' : r.denial.code, 'auth.expired');
    });

    test('a revocation takes effect once the one-second cache entry ages out', async () => {
      const { id, key } = await createKey(store, { name: 'rev', roles: ['app'], models: ['*'] });
      let clock = Date.now();
      const v = createKeyVerifier(store, { now: () => clock });
      assert.equal((await v.verify(key)).ok, true);
      assert.equal(await revokeKey(store, id), true);
      assert.equal((await v.verify(key)).ok, true, 'still cached within the second');
      clock += 1000;
      const r = await v.verify(key);
      await v.close();
      assert.equal(r.ok ? 'ok' : r.denial.code, 'auth.revoked');
      assert.equal(await revokeKey(store, 'f'.repeat(24)), false);
    });

    test('made-up keys cost one lookup per id and do not evict real keys from the cache', async () => {
      const { id, key } = await createKey(store, { name: 'kept', roles: ['app'], models: ['*'] });
      let lookups = 0;
      const counting: Store = {
        ...store,
        keys: {
          ...store.keys,
          get: (k) => {
            lookups++;
            return store.keys.get(k);
          },
        },
      };
      const clock = Date.now();
      const v = createKeyVerifier(counting, { now: () => clock, maxCached: 2 });
      assert.equal((await v.verify(key)).ok, true);
      const fake = (i: number) => `pk_${i.toString(16).padStart(24, '0')}_${key.slice(28)}`;
      await Promise.all(Array.from({ length: 10 }, () => v.verify(fake(1))));
      for (let i = 2; i <= 6; i++) await v.verify(fake(i));
      assert.equal(lookups, 1 + 1 + 5);
      await revokeKey(store, id);
      const again = await v.verify(key);
      assert.equal(again.ok, true, JSON.stringify(again));
      assert.equal(lookups, 7);
      await v.close();
    });

    test('writes last use in one batch, not per request', async () => {
      const { id, key } = await createKey(store, { name: 'busy', roles: ['app'], models: ['*'] });
      let touches = 0;
      const counting: Store = {
        ...store,
        keys: {
          ...store.keys,
          touch: (uses) => {
            touches++;
            return store.keys.touch(uses);
          },
        },
      };
      const v = createKeyVerifier(counting, { touchIntervalMs: 3_600_000 });
      for (let i = 0; i < 50; i++) assert.equal((await v.verify(key)).ok, true);
      assert.equal((await store.keys.get(id))?.lastUsedAt, null);
      await v.close();
      assert.equal(touches, 1);
      assert.equal(typeof (await store.keys.get(id))?.lastUsedAt, 'number');
    });

    test('lists keys without their hashes', async () => {
      const { id } = await createKey(store, {
        name: 'listed',
        roles: ['a', 'b'],
        models: ['m'],
        ttlSeconds: 3600,
      });
      const row = await store.keys.get(id);
      const listed = (await listKeys(store)).find((k) => k.id === id);
      assert.equal(listed?.name, 'listed');
      assert.deepEqual(listed?.roles, ['a', 'b']);
      assert.equal(typeof listed?.expires, 'string');
      assert.ok(!JSON.stringify(await listKeys(store)).includes(row!.secretHash));
    });

    test('refuses a key without roles or with an empty name', async () => {
      await assert.rejects(createKey(store, { name: 'x', roles: [], models: ['*'] }));
      await assert.rejects(createKey(store, { name: ' ', roles: ['a'], models: ['*'] }));
    });
  });
}
