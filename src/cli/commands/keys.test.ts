import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const BIN = new URL('../../../bin/parapet.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parapet-cli-keys-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, PARAPET_STORE: `sqlite:${join(dir, 'k.db')}` },
  });
after(() => rmSync(dir, { recursive: true, force: true }));

test('keys create prints the key once; list shows roles and models but never the secret', () => {
  const made = cli(
    'keys',
    'create',
    '--name',
    'ci',
    '--role',
    'app',
    '--role',
    'a,b',
    '--models',
    'm1,m2',
    '--ttl',
    '24h',
    '--json',
  );
  assert.equal(made.status, 0, made.stderr);
  const { id, key } = JSON.parse(made.stdout) as { id: string; key: string };
  assert.ok(key.startsWith(`pk_${id}_`));
  const listed = cli('keys', 'list', '--json');
  const row = JSON.parse(listed.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  assert.deepEqual([row.id, row.roles, row.models], [id, ['app', 'a', 'b'], ['m1', 'm2']]);
  assert.ok(!listed.stdout.includes(key.slice(28)), 'the secret must not be listed');
  assert.ok(!('secretHash' in row));

  assert.equal(cli('keys', 'revoke', id).status, 0);
  assert.match(cli('keys', 'list').stdout, /revoked/);
});

test('keys create without a role or with a bad ttl exits 2 and says why', () => {
  const noRole = cli('keys', 'create', '--name', 'x');
  assert.equal(noRole.status, 2);
  assert.match(noRole.stderr, /at least one --role/);
  const badTtl = cli('keys', 'create', '--name', 'x', '--role', 'a', '--ttl', '24 hours');
  assert.equal(badTtl.status, 2);
});

test('keys revoke of an unknown id exits 1', () => {
  assert.equal(cli('keys', 'revoke', 'f'.repeat(24)).status, 1);
});
