// One definition of correct registry versioning, run against SQLite and PostgreSQL
// (sqlite.test.ts, postgres.test.ts). `makeStore` opens the database under test.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../store/index.ts';
import { createSigningKey, parsePublicKey } from '../keys.ts';
import { tempDir, writeTree } from '../lib/testing.ts';
import { trustFromOptions } from '../trust.ts';
import { verifyPath } from '../verify.ts';
import { blobPath, checkBlob } from './blobs.ts';
import { artifactHistory, listArtifacts, resolveVersion, rollback, setAlias } from './history.ts';
import { pullVersion } from './pull.ts';
import { pushArtifact } from './push.ts';

export function runVersionSuite(label: string, makeStore: () => Promise<Store>): void {
  describe(`registry versions (${label})`, () => {
    let store: Store;
    let tmp: Awaited<ReturnType<typeof tempDir>>;
    let blobDir: string;
    before(async () => {
      store = await makeStore();
      tmp = await tempDir();
      blobDir = join(tmp.dir, 'blobs');
    });
    after(async () => {
      await store.close();
      await tmp.cleanup();
    });
    const uniq = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
    const model = async (files: Record<string, string>) => {
      const dir = join(tmp.dir, uniq('m'));
      await writeTree(dir, files);
      return dir;
    };

    test('push stores each file as a blob named by its SHA-256 and records version 1 as latest', async () => {
      const name = uniq('fraud');
      const dir = await model({ 'w.bin': 'weights', 'config.json': '{}' });
      const r = await pushArtifact(store, { path: dir, name, blobDir, actor: 'alice' });
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(r.pushed.version, 1);
      assert.equal(r.pushed.created, true);
      const v = await resolveVersion(store, { name });
      assert.equal(v?.rootDigest, r.pushed.rootDigest);
      assert.equal(v?.statement.subject[0].digest.sha256, r.pushed.rootDigest);
      for (const res of v!.statement.predicate.resources) {
        assert.equal(await checkBlob(blobDir, res.digest), true);
        assert.equal(
          readFileSync(blobPath(blobDir, res.digest), 'utf8'),
          res.name === 'w.bin' ? 'weights' : '{}',
        );
      }
    });

    test('pushing identical content again returns the existing version and stores nothing', async () => {
      const name = uniq('same');
      const dir = await model({ 'a.txt': 'a' });
      const first = await pushArtifact(store, { path: dir, name, blobDir, actor: 'ci' });
      const again = await pushArtifact(store, { path: dir, name, blobDir, actor: 'ci' });
      assert.ok(first.ok && again.ok);
      assert.deepEqual([again.pushed.version, again.pushed.created, again.pushed.blobsStored], [1, false, 0]);
    });

    test('a changed file makes version 2, re-storing only the changed blob; rollback moves latest back', async () => {
      const name = uniq('churn');
      const dir = await model({ 'a.bin': 'one', 'b.bin': 'two' });
      const v1 = await pushArtifact(store, { path: dir, name, blobDir, actor: 'alice' });
      await writeFile(join(dir, 'b.bin'), 'two, retrained');
      const v2 = await pushArtifact(store, { path: dir, name, blobDir, actor: 'bob' });
      assert.ok(v1.ok && v2.ok);
      assert.equal(v2.pushed.version, 2);
      assert.equal(v2.pushed.blobsStored, 1);
      assert.notEqual(v2.pushed.rootDigest, v1.pushed.rootDigest);
      assert.equal((await resolveVersion(store, { name }))?.version, 2);

      const rb = await rollback(store, name, 1, 'oncall');
      assert.deepEqual(rb, { ok: true, from: 2, to: 1 });
      assert.equal((await resolveVersion(store, { name }))?.rootDigest, v1.pushed.rootDigest);
      assert.equal((await resolveVersion(store, { name, version: 2 }))?.rootDigest, v2.pushed.rootDigest);

      const h = await artifactHistory(store, name);
      assert.deepEqual(
        h?.events.map((e) => [e.action, e.alias, e.fromVersion, e.version, e.actor]),
        [
          ['push', 'latest', null, 1, 'alice'],
          ['push', 'latest', null, 2, 'bob'],
          ['rollback', 'latest', 2, 1, 'oncall'],
        ],
      );
      assert.deepEqual(h?.aliases, { latest: 1 });
      assert.deepEqual(
        h?.versions.map((v) => [v.version, v.createdBy]),
        [
          [1, 'alice'],
          [2, 'bob'],
        ],
      );
    });

    test('rollback refuses a missing version and a target that is not older', async () => {
      const name = uniq('rb');
      const dir = await model({ 'a.bin': 'x' });
      assert.ok((await pushArtifact(store, { path: dir, name, blobDir, actor: 'ci' })).ok);
      assert.equal((await rollback(store, name, 7, 'ci')).ok, false);
      assert.equal((await rollback(store, name, 1, 'ci')).ok, false);
    });

    test('aliases point at versions and resolve as name@alias', async () => {
      const name = uniq('alias');
      const dir = await model({ 'a.bin': 'x' });
      assert.ok((await pushArtifact(store, { path: dir, name, blobDir, actor: 'ci' })).ok);
      assert.equal((await setAlias(store, name, 'prod', 1, 'ci')).ok, true);
      assert.equal((await resolveVersion(store, { name, alias: 'prod' }))?.version, 1);
      assert.equal((await setAlias(store, name, '42', 1, 'ci')).ok, false);
      assert.equal(await resolveVersion(store, { name, alias: 'staging' }), undefined);
    });

    test('versions are immutable in the database itself', async () => {
      const name = uniq('imm');
      const dir = await model({ 'a.bin': 'x' });
      assert.ok((await pushArtifact(store, { path: dir, name, blobDir, actor: 'ci' })).ok);
      await assert.rejects(
        store.sql.execute("UPDATE registry_versions SET root_digest = 'evil' WHERE name = $1", [name]),
        /immutable/,
      );
      await assert.rejects(
        store.sql.execute('DELETE FROM registry_versions WHERE name = $1', [name]),
        /immutable/,
      );
    });

    test('a signed push keeps a bundle that verifies the pushed files', async () => {
      const name = uniq('signed');
      const dir = await model({ 'w.bin': 'weights' });
      const k = await createSigningKey('ed25519', join(tmp.dir, uniq('key')));
      const r = await pushArtifact(store, {
        path: dir,
        name,
        blobDir,
        actor: 'ci',
        signer: { key: readFileSync(k.privatePath, 'utf8') },
      });
      assert.ok(r.ok);
      const v = await resolveVersion(store, { name, version: 1 });
      assert.equal(v?.signed, true);
      const pub = parsePublicKey(readFileSync(k.publicPath));
      assert.ok(pub.ok);
      const check = await verifyPath(dir, v?.bundle, trustFromOptions({ keys: [pub.key] }), {
        artifact: name,
      });
      assert.deepEqual(check.problems, []);
    });

    test('one name keeps one kind, names are validated, and artifacts are listed with latest', async () => {
      const name = uniq('kind');
      const dir = await model({ 'a.csv': '1,2' });
      assert.ok((await pushArtifact(store, { path: dir, name, kind: 'dataset', blobDir, actor: 'ci' })).ok);
      const clash = await pushArtifact(store, { path: dir, name, kind: 'model', blobDir, actor: 'ci' });
      assert.equal(clash.ok, false);
      assert.equal(
        (await pushArtifact(store, { path: dir, name: '../etc', blobDir, actor: 'ci' })).ok,
        false,
      );
      const listed = (await listArtifacts(store)).find((a) => a.name === name);
      assert.deepEqual(listed, { name, kind: 'dataset', latest: 1 });
    });

    test('pull rebuilds a version that verifies, and refuses a corrupted blob', async () => {
      const name = uniq('pull');
      const dir = await model({ 'sub/w.bin': 'weights for pull', 'c.json': '{"pull":1}' });
      const k = await createSigningKey('ecdsa-p256', join(tmp.dir, uniq('key')));
      const pushed = await pushArtifact(store, {
        path: dir,
        name,
        blobDir,
        actor: 'ci',
        signer: { key: readFileSync(k.privatePath, 'utf8') },
      });
      assert.ok(pushed.ok);
      const out = join(tmp.dir, uniq('out'));
      const pulled = await pullVersion(store, blobDir, { name }, out);
      assert.ok(pulled.ok, pulled.ok ? '' : pulled.error);
      const pub = parsePublicKey(readFileSync(k.publicPath));
      assert.ok(pub.ok);
      const check = await verifyPath(out, pulled.version.bundle, trustFromOptions({ keys: [pub.key] }));
      assert.deepEqual(check.problems, []);

      const blob = blobPath(blobDir, pulled.version.statement.predicate.resources[1]!.digest);
      await chmod(blob, 0o644);
      await writeFile(blob, 'tampered');
      const bad = await pullVersion(store, blobDir, { name }, join(tmp.dir, uniq('out')));
      assert.ok(!bad.ok && bad.error.includes('corrupt'), JSON.stringify(bad));
    });

    test('concurrent pushes of different content get distinct consecutive versions', async () => {
      const name = uniq('race');
      const dirs = await Promise.all([0, 1, 2, 3].map((i) => model({ 'a.bin': `content ${i}` })));
      const rs = await Promise.all(
        dirs.map((path) => pushArtifact(store, { path, name, blobDir, actor: 'ci' })),
      );
      const versions = rs.map((r) => (r.ok ? r.pushed.version : -1)).sort();
      assert.deepEqual(versions, [1, 2, 3, 4]);
      assert.equal((await resolveVersion(store, { name }))?.version, 4);
    });
  });
}
