import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createAuditLog } from '../../audit/index.ts';
import { makeEvent } from '../../audit/lib/testing.ts';
import { openStore } from '../../store/index.ts';

const BIN = new URL('../../../bin/parapet.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parapet-cli-audit-'));
const db = join(dir, 'p.db');
const keyFile = join(dir, 'signing.pem');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args, '--store', `sqlite:${db}`], { encoding: 'utf8', cwd: dir });

before(async () => {
  const store = await openStore({ kind: 'sqlite', path: db });
  const log = await createAuditLog({ store, node: 'gw', checkpoint: { every: 4, keyFile } });
  for (let i = 1; i <= 10; i++) await log.record(makeEvent('gw', i));
  await log.close();
  await store.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('audit verify exits 0 with a summary on an intact log', () => {
  const r = cli('audit', 'verify', '--key-file', keyFile);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /ok +gw: 10 records \(seq 1-10\) intact; 3 signed checkpoints \(last at seq 10\); 0 newer records not yet signed/,
  );
});

test('audit query filters by decision and prints JSON lines newest first', () => {
  const r = cli('audit', 'query', '--decision', 'deny', '--json');
  assert.equal(r.status, 0, r.stderr);
  const ids = r.stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { event: { requestId: string } }).event.requestId);
  assert.deepEqual(ids, ['req-gw-10', 'req-gw-5']);
});

test('audit query --ocsf prints API Activity records', () => {
  const r = cli('audit', 'query', '--identity', 'key-bob', '-n', '1', '--ocsf');
  const rec = JSON.parse(r.stdout) as { class_uid: number; actor: { user: { uid: string } } };
  assert.equal(rec.class_uid, 6003);
  assert.equal(rec.actor.user.uid, 'key-bob');
});

test('audit query rejects a malformed --since', () => {
  const r = cli('audit', 'query', '--since', 'yesterday-ish');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--since must be an ISO time or a duration/);
});

test('audit tail prints the newest n events oldest first', () => {
  const r = cli('audit', 'tail', '-n', '2');
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /gw#9 /);
  assert.match(lines[1]!, /gw#10 /);
});

test('audit verify exits 1 naming the first bad record after tampering', async () => {
  const store = await openStore({ kind: 'sqlite', path: db, writer: 'inline' });
  await store.sql.execute(
    `UPDATE audit_events SET body = REPLACE(body, '"10.0.0.7"', '"10.0.0.8"') WHERE seq = 3`,
  );
  await store.close();
  const r = cli('audit', 'verify', '--key-file', keyFile);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /node gw seq 3: modified/);
  assert.match(r.stdout, /BAD +gw: records 1-2 intact, problem at seq 3/);
});

test('audit verify refuses a --key-file it cannot read', () => {
  const r = cli('audit', 'verify', '--key-file', join(dir, 'absent.pem'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot read --key-file/);
});

test('audit tail --follow prints events committed after it started, and stops on SIGINT', {
  timeout: 20_000,
}, async () => {
  const child = spawn(
    process.execPath,
    [BIN, 'audit', 'tail', '-n', '1', '--follow', '--store', `sqlite:${db}`],
    {
      cwd: dir,
    },
  );
  let out = '';
  const seen = (s: string) =>
    new Promise<void>((resolve) => {
      const check = (): void => {
        if (out.includes(s)) resolve();
      };
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        check();
      });
      check();
    });
  await seen('req-gw-10');
  const store = await openStore({ kind: 'sqlite', path: db, writer: 'inline' });
  const log = await createAuditLog({ store, node: 'gw-2', checkpoint: { keyFile: join(dir, 'other.pem') } });
  await log.record(makeEvent('gw-2', 1));
  await log.close();
  await store.close();
  await seen('req-gw-2-1');
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGINT');
  assert.equal(await exited, 0);
});
