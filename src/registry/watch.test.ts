// watchServing without its store: a watcher keeps guarding the directory against the version it last
// matched when the registry's database goes away, and still alerts and disables the route.

import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { incidentStore } from '../incidents/store.ts';
import type { AlertSink } from '../monitor/alerts/sinks.ts';
import type { Alert } from '../monitor/types.ts';
import { createState } from '../state/index.ts';
import { openStore } from '../store/index.ts';
import { watchServing } from './watch.ts';
import { pullVersion } from './versions/pull.ts';
import { pushArtifact } from './versions/push.ts';

const root = mkdtempSync(join(tmpdir(), 'parapet-watch-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('with the store gone, a changed file is still caught against the last matched version: sinks get the alert and the route is disabled', async () => {
  const store = await openStore({ kind: 'sqlite', path: join(root, 'registry.db') });
  const src = join(root, 'model');
  mkdirSync(src);
  writeFileSync(join(src, 'weights.bin'), 'weights');
  const pushed = await pushArtifact(store, {
    path: src,
    name: 'ranker',
    blobDir: join(root, 'blobs'),
    actor: 'ci',
    scan: false,
  });
  assert.ok(pushed.ok);
  const dir = join(root, 'serving');
  assert.ok((await pullVersion(store, join(root, 'blobs'), { name: 'ranker' }, dir)).ok);
  const records = incidentStore(store);
  await records.migrate();
  const state = await createState({ kind: 'memory' });
  const sent: Alert[] = [];
  const sink: AlertSink = { name: 'memory', send: async (a) => void sent.push(a) };
  const errors: string[] = [];
  const statuses: string[] = [];
  const stop = new AbortController();
  try {
    await watchServing({
      store,
      name: 'ranker',
      alias: 'latest',
      dir,
      intervalMs: 10,
      records,
      sinks: [sink],
      flags: state.flags,
      disableModels: ['ranker'],
      signal: stop.signal,
      onError: (e) => errors.push(e.message),
      onCheck: async (c) => {
        statuses.push(c.status);
        if (statuses.length === 1) {
          await store.close(); // the database goes away…
          appendFileSync(join(dir, 'weights.bin'), '!'); // …and then the file is changed
        } else stop.abort();
      },
    });
    assert.deepEqual(statuses, ['intact', 'tampered']);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.detector, 'tamper.digest');
    assert.match(sent[0]!.summary, /registry unreachable .*checked against version 1/);
    assert.match(sent[0]!.summary, /modified: weights\.bin/);
    assert.equal(state.flags.check('model', 'ranker'), true, 'the route is disabled without the store');
    assert.ok(errors.length >= 2, 'the failed lookup and the failed records are reported');
  } finally {
    await state.close();
  }
});
