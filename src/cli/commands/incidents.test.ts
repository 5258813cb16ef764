import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { recordAlert } from '../../incidents/lifecycle.ts';
import { incidentStore } from '../../incidents/store.ts';
import { alert } from '../../incidents/suite.ts';
import { createRedisState } from '../../state/redis.ts';
import { openStore } from '../../store/index.ts';

const BIN = new URL('../../../bin/parapet.js', import.meta.url).pathname;
const REDIS = process.env.PARAPET_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const dir = mkdtempSync(join(tmpdir(), 'parapet-cli-incidents-'));
const db = join(dir, 'p.db');
const prefix = `parapet-test-${randomBytes(6).toString('hex')}:`;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, PARAPET_STORE: `sqlite:${db}` },
  });

let incidentId = '';
before(async () => {
  const store = await openStore({ kind: 'sqlite', path: db });
  const rec = incidentStore(store);
  await rec.migrate();
  const now = Date.now();
  incidentId = (await recordAlert(rec, alert({ identities: ['mallory'], at: now })))!.id;
  await recordAlert(
    rec,
    alert({ identities: ['bob'], severity: 'medium', detector: 'volume.spike', at: now - 1000 }),
  );
  await store.close();
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  const r = new Redis(REDIS);
  const keys = await r.keys(`${prefix}*`);
  if (keys.length) await r.del(...keys);
  r.disconnect();
});

test('alerts lists stored alerts with filters, and --json carries the evidence', () => {
  const all = cli('alerts', '--json');
  assert.equal(all.status, 0, all.stderr);
  const rows = all.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { detector: string; evidence: unknown });
  assert.equal(rows.length, 2);
  const high = cli('alerts', '--severity', 'high', '--json');
  assert.equal(high.stdout.trim().split('\n').length, 1);
  assert.equal(cli('alerts', '--severity', 'urgent').status, 2);
});

test('incidents list, ack and resolve move the incident and show records the timeline', () => {
  assert.match(cli('incidents', 'list').stdout, new RegExp(incidentId));
  const ack = cli('incidents', 'ack', incidentId, '--as', 'alice');
  assert.equal(ack.status, 0, ack.stderr);
  assert.match(ack.stdout, /acknowledged \(owner alice\)/);
  assert.equal(cli('incidents', 'ack', incidentId, '--as', 'bob').status, 2);
  assert.equal(cli('incidents', 'resolve', incidentId, '--as', 'alice', '--note', 'blocked').status, 0);
  const shown = JSON.parse(cli('incidents', 'show', incidentId, '--json').stdout) as {
    incident: { status: string };
    timeline: { kind: string }[];
    playbook: { name: string };
  };
  assert.equal(shown.incident.status, 'resolved');
  assert.equal(shown.playbook.name, 'model_extraction');
  assert.deepEqual(
    shown.timeline.map((t) => t.kind),
    ['status', 'alert', 'status', 'status'],
  );
  assert.equal(cli('incidents', 'show', 'inc_nope').status, 1);
});

test('act block sets the flag every gateway reads, attached to the incident and audited', async () => {
  const r = cli(
    'act',
    'block',
    '--identity',
    'mallory',
    '--ttl',
    '1h',
    '--state',
    REDIS,
    '--state-prefix',
    prefix,
    '--incident',
    incidentId,
    '--as',
    'alice',
    '--json',
  );
  assert.equal(r.status, 0, r.stderr);
  const rec = JSON.parse(r.stdout) as { actor: string; outcome: string; incidentId: string };
  assert.deepEqual([rec.actor, rec.outcome, rec.incidentId], ['alice', 'done', incidentId]);
  const state = await createRedisState(REDIS, prefix);
  try {
    const flags = await state.flags.list();
    assert.ok(flags.some((f) => f.kind === 'identity' && f.id === 'mallory'));
  } finally {
    await state.close();
  }
  assert.equal(cli('act', 'block', '--identity', 'x', '--source', 'y', '--state', REDIS).status, 2);
  const noState = cli('act', 'block', '--identity', 'x');
  assert.equal(noState.status, 2);
  assert.match(noState.stderr, /shared state/);
});

test('act revoke on an unknown key is audited as not_found and exits 1', () => {
  const r = cli('act', 'revoke', '--key', 'nosuchkey', '--json');
  assert.equal(r.status, 1);
  assert.equal((JSON.parse(r.stdout) as { outcome: string }).outcome, 'not_found');
});
