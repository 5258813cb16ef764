import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../store/index.ts';
import { canonicalJson } from './lib/canonical.ts';
import { chainHash, indexColumns } from './lib/chain.ts';
import { checkpointPayload, keyId, readPublicKey } from './lib/signing.ts';
import { type Backend, makeEvent, postgresBackend, sqliteBackend } from './lib/testing.ts';
import { createAuditLog } from './log.ts';
import { verifyAuditLog } from './verify.ts';

// Each test writes its own node's chain of 12 events (checkpoints at 5, 10 and 12), tampers with it
// through plain SQL on the real database, and checks verify names the first bad record.
for (const make of [sqliteBackend, postgresBackend]) {
  describe(`verify detects tampering on ${make.name.replace('Backend', '')}`, () => {
    let b: Backend;
    let store: Store;
    let n = 0;
    before(async () => {
      b = await make();
      store = await b.open();
    });
    after(async () => {
      await store.close();
      await b.cleanup();
    });
    const keyFile = (): string => join(b.dir, 'signing.pem');
    const chain = async (): Promise<string> => {
      const node = `n${++n}`;
      const log = await createAuditLog({ store, node, checkpoint: { every: 5, keyFile: keyFile() } });
      for (let i = 1; i <= 12; i++) await log.record(makeEvent(node, i));
      await log.close();
      return node;
    };
    const check = async (node: string) =>
      (await verifyAuditLog(store, { node, trustedKeys: [readPublicKey(keyFile())] })).problem;
    const exec = (text: string, params: (string | number | null)[]) => store.sql.execute(text, params);

    test('passes an untouched chain and summarises it', async () => {
      const node = await chain();
      const report = await verifyAuditLog(store, { node, trustedKeys: [readPublicKey(keyFile())] });
      assert.equal(report.ok, true);
      assert.deepEqual(report.nodes[0], {
        node,
        records: 12,
        lastSeq: 12,
        checkpoints: 3,
        lastCheckpointSeq: 12,
        problem: undefined,
      });
    });

    test('names a record whose content was modified', async () => {
      const node = await chain();
      await exec(
        `UPDATE audit_events SET body = REPLACE(body, '"allow"', '"deny"') WHERE node = $1 AND seq = $2`,
        [node, 6],
      );
      assert.deepEqual(await check(node), {
        node,
        seq: 6,
        kind: 'modified',
        message: 'the record does not hash to its stored hash: it was modified',
      });
    });

    test('names a record whose query column no longer matches its hashed body', async () => {
      const node = await chain();
      await exec(`UPDATE audit_events SET decision = 'allow' WHERE node = $1 AND seq = $2`, [node, 5]);
      const p = await check(node);
      assert.equal(p?.seq, 5);
      assert.equal(p?.kind, 'index_mismatch');
    });

    test('names the first deleted record', async () => {
      const node = await chain();
      await exec('DELETE FROM audit_events WHERE node = $1 AND seq IN (4, 7)', [node]);
      const p = await check(node);
      assert.equal(p?.kind, 'missing');
      assert.equal(p?.seq, 4);
    });

    test('names the record after an inserted one, even when the insert is hashed correctly', async () => {
      const node = await chain();
      await exec('UPDATE audit_events SET seq = -seq WHERE node = $1 AND seq >= 7', [node]);
      await exec('UPDATE audit_events SET seq = 1 - seq WHERE node = $1 AND seq < 0', [node]);
      const prev = (await store.audit.range(node, 5, 1))[0]!;
      const forged = makeEvent(node, 99);
      const body = canonicalJson(forged);
      const c = indexColumns(forged);
      await exec(
        `INSERT INTO audit_events (node, seq, prev_hash, hash, ts, request_id, identity_id, model, decision, body)
         VALUES ($1, 7, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          node,
          prev.hash,
          chainHash(prev.hash, body),
          c.ts,
          c.requestId,
          c.identityId,
          c.model,
          c.decision,
          body,
        ],
      );
      const p = await check(node);
      assert.equal(p?.seq, 8);
      assert.equal(p?.kind, 'broken_link');
    });

    test('names a reordered record', async () => {
      const node = await chain();
      await exec('UPDATE audit_events SET seq = 100 WHERE node = $1 AND seq = 6', [node]);
      await exec('UPDATE audit_events SET seq = 6 WHERE node = $1 AND seq = 7', [node]);
      await exec('UPDATE audit_events SET seq = 7 WHERE node = $1 AND seq = 100', [node]);
      const p = await check(node);
      assert.equal(p?.seq, 6);
      assert.equal(p?.kind, 'broken_link');
    });

    test('detects records deleted from the tail through the signed checkpoint', async () => {
      const node = await chain();
      await exec('DELETE FROM audit_events WHERE node = $1 AND seq > 8', [node]);
      const p = await check(node);
      assert.equal(p?.kind, 'truncated');
      assert.equal(p?.seq, 9);
      assert.match(p!.message, /ends at seq 8 .* checkpoint covers seq 10/);
    });

    test('detects a chain rewritten from the middle with consistent hashes', async () => {
      const node = await chain();
      const rows = await store.audit.range(node, 0, 100);
      let prev = rows[2]!.hash;
      for (const r of rows.slice(3)) {
        const body = r.seq === 4 ? r.body.replace('"bytesIn":204', '"bytesIn":1') : r.body;
        const hash = chainHash(prev, body);
        await exec(
          'UPDATE audit_events SET prev_hash = $3, hash = $4, body = $5 WHERE node = $1 AND seq = $2',
          [node, r.seq, prev, hash, body],
        );
        prev = hash;
      }
      const p = await check(node);
      assert.equal(p?.kind, 'checkpoint_mismatch');
      assert.equal(p?.seq, 5);
    });

    test('rejects a checkpoint whose signature does not verify', async () => {
      const node = await chain();
      await exec(`UPDATE audit_checkpoints SET signature = $3 WHERE node = $1 AND seq = $2`, [
        node,
        10,
        Buffer.alloc(64, 1).toString('base64'),
      ]);
      const p = await check(node);
      assert.equal(p?.kind, 'bad_signature');
      assert.equal(p?.seq, 10);
    });

    test('rejects a checkpoint re-signed with an attacker key when keys are pinned', async () => {
      const node = await chain();
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const cp = (await store.audit.checkpoints(node))[0]!;
      await exec(
        `UPDATE audit_checkpoints SET key_id = $3, public_key = $4, signature = $5 WHERE node = $1 AND seq = $2`,
        [
          node,
          cp.seq,
          keyId(publicKey),
          publicKey.export({ type: 'spki', format: 'pem' }) as string,
          sign(null, checkpointPayload(node, cp.seq, cp.hash), privateKey).toString('base64'),
        ],
      );
      assert.equal((await check(node))?.kind, 'untrusted_key');
      assert.equal(
        (await verifyAuditLog(store, { node })).ok,
        true,
        'unpinned verify accepts any valid signer',
      );
    });
  });
}
