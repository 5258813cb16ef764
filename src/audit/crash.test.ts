import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Backend, postgresBackend, sqliteBackend } from './lib/testing.ts';
import { verifyAuditLog } from './verify.ts';

const CHILD = new URL('./lib/crash-child.ts', import.meta.url).pathname;

/** Runs the child until it has acked `acks` events plus a random few milliseconds, then SIGKILLs it. */
function runAndKill(spec: string, keyFile: string, run: string, acks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, spec, keyFile, run], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buf = '';
    let err = '';
    let killing = false;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('ack ')) acked.push(line.slice(4));
        nl = buf.indexOf('\n');
      }
      if (!killing && acked.length >= acks) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), randomInt(0, 15));
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
}

for (const make of [sqliteBackend, postgresBackend]) {
  describe(`crash safety on ${make.name.replace('Backend', '')}`, () => {
    let b: Backend;
    before(async () => {
      b = await make();
    });
    after(async () => b.cleanup());

    test('every event acknowledged before a SIGKILL is stored, and the chain verifies after restarts', {
      timeout: 120_000,
    }, async () => {
      const store0 = await b.open();
      const spec =
        b.name === 'sqlite'
          ? join(b.dir, 'audit.db')
          : ((await store0.sql.query<{ d: string }>('SELECT current_database() AS d'))[0]!.d as string);
      await store0.close();
      const target = b.name === 'sqlite' ? spec : `postgres://postgres@127.0.0.1:5432/${spec}`;
      const keyFile = join(b.dir, 'signing.pem');
      const acked: string[] = [];
      for (let round = 1; round <= 5; round++)
        acked.push(...(await runAndKill(target, keyFile, `r${round}`, randomInt(20, 300))));

      const store = await b.open();
      try {
        const stored = new Set(
          (
            await store.sql.query<{ request_id: string }>(
              'SELECT request_id FROM audit_events WHERE node = $1',
              ['crash'],
            )
          ).map((r) => r.request_id),
        );
        const lost = acked.filter((id) => !stored.has(id));
        assert.deepEqual(lost, [], `${lost.length} acknowledged events are missing`);
        const report = await verifyAuditLog(store, { node: 'crash' });
        assert.equal(report.ok, true, report.problem?.message);
        assert.ok(report.nodes[0]!.records >= acked.length);
      } finally {
        await store.close();
      }
    });
  });
}
