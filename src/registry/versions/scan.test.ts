// registry push runs the model-file scanner first: a model whose pickle would run code on load is
// refused before a byte is stored; a clean one is stored with its scan summary.

import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore, type Store } from '../../store/index.ts';
import { tempDir, writeTree } from '../lib/testing.ts';
import { pushArtifact } from './push.ts';

// PROTO 2; GLOBAL posix.system; BINUNICODE "id"; TUPLE1; REDUCE; STOP — os.system("id") when loaded.
const EVIL = Buffer.concat([
  Buffer.from([0x80, 0x02, 0x63]),
  Buffer.from('posix\nsystem\n'),
  Buffer.from([0x58, 0x02, 0x00, 0x00, 0x00]),
  Buffer.from('id'),
  Buffer.from([0x85, 0x52, 0x2e]),
]);
// PROTO 2; EMPTY_LIST; MARK; BININT1 1; BININT1 2; APPENDS; STOP — the list [1, 2].
const CLEAN = Buffer.from([0x80, 0x02, 0x5d, 0x28, 0x4b, 0x01, 0x4b, 0x02, 0x65, 0x2e]);

let tmp: Awaited<ReturnType<typeof tempDir>>;
let store: Store;
before(async () => {
  tmp = await tempDir();
  store = await openStore({ kind: 'sqlite', path: join(tmp.dir, 'p.db') });
});
after(async () => {
  await store.close();
  await tmp.cleanup();
});

test('a model whose pickle would call posix.system is refused, and nothing is stored', async () => {
  const model = join(tmp.dir, 'evil');
  await writeTree(model, { 'weights.pkl': EVIL, 'config.txt': 'layers: 2' });
  const blobDir = join(tmp.dir, 'blobs-evil');
  const r = await pushArtifact(store, { path: model, name: 'evil', blobDir, actor: 'ci' });
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error : '', /refused: the model-file scan found .* at or above high/);
  assert.match(!r.ok ? r.error : '', /weights\.pkl@\d+: critical .*posix\.system/);
  await assert.rejects(readdir(blobDir), /ENOENT/);
});

test('a clean model is stored with its scan summary; scan: false skips the scan', async () => {
  const model = join(tmp.dir, 'clean');
  await writeTree(model, { 'weights.pkl': CLEAN });
  const r = await pushArtifact(store, {
    path: model,
    name: 'clean',
    blobDir: join(tmp.dir, 'blobs'),
    actor: 'ci',
  });
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(r.pushed.scan, { worst: null, findings: 0, rules: [] });
  const rows = await store.sql.query<{ scan: string }>('SELECT scan FROM registry_versions WHERE name = $1', [
    'clean',
  ]);
  assert.deepEqual(JSON.parse(rows[0]!.scan), { worst: null, findings: 0, rules: [] });

  const evil = join(tmp.dir, 'evil2');
  await writeTree(evil, { 'weights.pkl': EVIL });
  const skipped = await pushArtifact(store, {
    path: evil,
    name: 'unscanned',
    blobDir: join(tmp.dir, 'blobs'),
    actor: 'ci',
    scan: false,
  });
  assert.ok(skipped.ok);
  assert.equal(skipped.pushed.scan, undefined);
});
