import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const BIN = new URL('../../../bin/parapet.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parapet-cli-registry-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: {
      ...process.env,
      PARAPET_STORE: `sqlite:${join(dir, 'r.db')}`,
      PARAPET_REGISTRY_DIR: join(dir, 'blobs'),
      PARAPET_ACTOR: 'ci-bot',
    },
  });
after(() => rmSync(dir, { recursive: true, force: true }));

test('registry push, history, rollback and pull: versions are immutable and rollback moves latest back', () => {
  mkdirSync(join(dir, 'model'));
  writeFileSync(join(dir, 'model/w.bin'), 'v1 weights');
  const p1 = cli('registry', 'push', 'model', '--name', 'fraud', '--json');
  assert.equal(p1.status, 0, p1.stderr);
  writeFileSync(join(dir, 'model/w.bin'), 'v2 weights');
  const p2 = cli('registry', 'push', 'model', '--name', 'fraud', '--json');
  assert.equal(p2.status, 0, p2.stderr);
  const [v1, v2] = [JSON.parse(p1.stdout), JSON.parse(p2.stdout)] as {
    version: number;
    rootDigest: string;
  }[];
  assert.deepEqual([v1?.version, v2?.version], [1, 2]);

  const rb = cli('registry', 'rollback', 'fraud', '--to', '1');
  assert.equal(rb.status, 0, rb.stderr);
  const h = JSON.parse(cli('registry', 'history', 'fraud', '--json').stdout) as {
    aliases: Record<string, number>;
    events: { action: string; actor: string }[];
  };
  assert.deepEqual(h.aliases, { latest: 1 });
  assert.deepEqual(
    h.events.map((e) => `${e.action}:${e.actor}`),
    ['push:ci-bot', 'push:ci-bot', 'rollback:ci-bot'],
  );

  const pulled = cli('registry', 'pull', 'fraud', '--out', 'served');
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.equal(readFileSync(join(dir, 'served/w.bin'), 'utf8'), 'v1 weights');
  assert.match(pulled.stdout, new RegExp(`root sha256:${v1?.rootDigest}`));
});

test('registry rollback to a version that does not exist fails with a message', () => {
  const r = cli('registry', 'rollback', 'fraud', '--to', '9');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no version 9/);
});
