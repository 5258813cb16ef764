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
import { startDemoTarget } from '../../demo/target.ts';
import { runRedteam } from '../../assurance/redteam/run.ts';
import { saveRun } from '../../assurance/redteam/store.ts';
import { createTarget } from '../../assurance/redteam/target/index.ts';
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { rekeyBlobs } from './blobs.ts';
import { parseBlobKey } from './crypto.ts';
import { assessVersion } from './assess.ts';
import { checkGates, type GatePolicy } from './gates.ts';
import { promote } from './promote.ts';
import { rollbackVerified } from './rollback.ts';
import { lineageOf } from './history.ts';
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

    test('the record of who did what is append-only in the database itself', async () => {
      const data = uniq('ds');
      const name = uniq('app');
      assert.ok(
        (
          await pushArtifact(store, {
            path: await model({ 'd.csv': data }),
            name: data,
            kind: 'dataset',
            blobDir,
            actor: 'ci',
          })
        ).ok,
      );
      const pushed = await pushArtifact(store, {
        path: await model({ 'w.bin': name }),
        name,
        blobDir,
        actor: 'ci',
        scan: false,
        metadata: { datasets: [`${data}@1`] },
      });
      assert.ok(pushed.ok, pushed.ok ? '' : pushed.error);
      const a = await assessVersion(store, {
        name,
        version: 1,
        risk: 'low',
        summary: 's',
        approved: false,
        actor: 'bob',
      });
      assert.ok(a.ok);
      for (const [table, column] of [
        ['registry_events', 'actor'],
        ['registry_assessments', 'assessor'],
        ['registry_lineage', 'dataset'],
      ] as const) {
        await assert.rejects(
          store.sql.execute(`UPDATE ${table} SET ${column} = 'someone-else' WHERE name = $1`, [name]),
          new RegExp(`${table} is append-only`),
        );
        await assert.rejects(
          store.sql.execute(`DELETE FROM ${table} WHERE name = $1`, [name]),
          new RegExp(`${table} is append-only`),
        );
      }
      const h = await artifactHistory(store, name);
      assert.deepEqual(
        h!.events.map((e) => [e.action, e.actor]),
        [
          ['push', 'ci'],
          ['assess', 'bob'],
        ],
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

    test('metadata is stored with the version and lineage is queryable both ways', async () => {
      const data = uniq('census');
      const d = await pushArtifact(store, {
        path: await model({ 'train.csv': 'age,income\n30,1\n' }),
        name: data,
        kind: 'dataset',
        blobDir,
        actor: 'data-team',
      });
      assert.ok(d.ok);
      const name = uniq('credit');
      const r = await pushArtifact(store, {
        path: await model({ 'w.bin': 'weights' }),
        name,
        blobDir,
        actor: 'ml',
        metadata: {
          owner: 'risk-ml',
          purpose: 'credit scoring; not for employment decisions',
          datasets: [`${data}@latest`],
          codeRevision: 'a1b2c3d',
          hyperparameters: { lr: 0.01, epochs: 20, balanced: true },
          dataCategories: [{ category: 'personal data', why: 'income and age predict repayment' }],
          license: 'Apache-2.0',
        },
      });
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepEqual(r.pushed.lineage, [{ name: data, version: 1 }]);
      const v = await resolveVersion(store, { name });
      assert.equal(v?.metadata?.owner, 'risk-ml');
      assert.deepEqual(v?.metadata?.hyperparameters, { lr: 0.01, epochs: 20, balanced: true });
      assert.deepEqual(v?.metadata?.lineage, [{ name: data, version: 1 }]);
      assert.deepEqual((await lineageOf(store, name, 1)).trainedOn, [{ name: data, version: 1 }]);
      assert.deepEqual((await lineageOf(store, data, 1)).usedBy, [{ name, version: 1 }]);
    });

    test('metadata errors name the field; datasets must be registered datasets', async () => {
      const path = await model({ 'w.bin': 'x' });
      const bad = await pushArtifact(store, {
        path,
        name: uniq('m'),
        blobDir,
        actor: 'ml',
        metadata: { owner: 'a', dataCategories: [{ category: 'personal data' }] },
      });
      assert.ok(!bad.ok && /dataCategories\.0\.why/.test(bad.error), JSON.stringify(bad));
      const unknown = await pushArtifact(store, {
        path,
        name: uniq('m'),
        blobDir,
        actor: 'ml',
        metadata: { datasets: ['no-such-data@1'] },
      });
      assert.ok(!unknown.ok && /no artifact named no-such-data/.test(unknown.error), JSON.stringify(unknown));
      const aModel = uniq('not-data');
      assert.ok((await pushArtifact(store, { path, name: aModel, blobDir, actor: 'ml' })).ok);
      const notData = await pushArtifact(store, {
        path: await model({ 'w.bin': 'y' }),
        name: uniq('m'),
        blobDir,
        actor: 'ml',
        metadata: { datasets: [`${aModel}@1`] },
      });
      assert.ok(!notData.ok && /is a model, not a dataset/.test(notData.error), JSON.stringify(notData));
    });

    test('SLSA provenance is kept only when its subject is this content', async () => {
      const path = await model({ 'a.bin': 'alpha', 'b.bin': 'beta' });
      const sha = (t: string) => createHash('sha256').update(t).digest('hex');
      const slsa = (subject: { name: string; digest: { sha256: string } }[]) => ({
        _type: 'https://in-toto.io/Statement/v1',
        subject,
        predicateType: 'https://slsa.dev/provenance/v1',
        predicate: {
          buildDefinition: { buildType: 'https://example.com/train@v1', externalParameters: { epochs: 3 } },
          runDetails: { builder: { id: 'https://ci.example.com/runner' } },
        },
      });
      // Subjects for each file by digest (as a builder lists its outputs), in a DSSE envelope.
      const files = slsa([
        { name: 'a.bin', digest: { sha256: sha('alpha') } },
        { name: 'b.bin', digest: { sha256: sha('beta') } },
      ]);
      const envelope = {
        payloadType: 'application/vnd.in-toto+json',
        payload: Buffer.from(JSON.stringify(files)).toString('base64'),
        signatures: [],
      };
      const name = uniq('prov');
      const ok = await pushArtifact(store, { path, name, blobDir, actor: 'ci', provenance: envelope });
      assert.ok(ok.ok, ok.ok ? '' : ok.error);
      const v = await resolveVersion(store, { name });
      assert.deepEqual(v?.provenance, {
        builder: 'https://ci.example.com/runner',
        buildType: 'https://example.com/train@v1',
        matched: 'files',
      });
      // The OMS root digest as the subject also matches.
      const root = await pushArtifact(store, {
        path,
        name: uniq('prov'),
        blobDir,
        actor: 'ci',
        provenance: slsa([{ name: 'model', digest: { sha256: ok.pushed.rootDigest } }]),
      });
      assert.ok(root.ok, root.ok ? '' : root.error);
      // Provenance for other bytes (one file only, or another model) is refused before anything is stored.
      const other = await pushArtifact(store, {
        path,
        name: uniq('prov'),
        blobDir,
        actor: 'ci',
        provenance: slsa([{ name: 'a.bin', digest: { sha256: sha('alpha') } }]),
      });
      assert.ok(!other.ok && /no subject is this version/.test(other.error), JSON.stringify(other));
      const notSlsa = await pushArtifact(store, {
        path,
        name: uniq('prov'),
        blobDir,
        actor: 'ci',
        provenance: { ...files, predicateType: 'https://example.com/other' },
      });
      assert.ok(!notSlsa.ok && /predicateType/.test(notSlsa.error), JSON.stringify(notSlsa));
    });

    test('provenance_signed: the provenance envelope must verify with a trusted key allowed for the artifact', async () => {
      const builder = await createSigningKey('ecdsa-p256', join(tmp.dir, uniq('key')));
      const stranger = await createSigningKey('ed25519', join(tmp.dir, uniq('key')));
      const pub = parsePublicKey(readFileSync(builder.publicPath));
      assert.ok(pub.ok);
      const name = uniq('slsa');
      const policy: GatePolicy = {
        gates: { production: ['provenance_signed'] },
        trust: trustFromOptions({ keys: [pub.key] }),
      };
      const path = await model({ 'w.bin': `weights ${name}` });
      const probe = await pushArtifact(store, { path, name, blobDir, actor: 'ci', scan: false });
      assert.ok(probe.ok);
      const root = probe.pushed.rootDigest;
      const statement = {
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name, digest: { sha256: root } }],
        predicateType: 'https://slsa.dev/provenance/v1',
        predicate: {
          buildDefinition: { buildType: 'https://example.com/train@v1', externalParameters: {} },
          runDetails: { builder: { id: 'https://ci.example.com/runner' } },
        },
      };
      const payload = Buffer.from(JSON.stringify(statement));
      const type = 'application/vnd.in-toto+json';
      const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} ${type} ${payload.length} `), payload]);
      const envelope = (keyFile: string, digest: string | null) => ({
        payloadType: type,
        payload: payload.toString('base64'),
        signatures: [{ sig: sign(digest, pae, createPrivateKey(readFileSync(keyFile))).toString('base64') }],
      });
      const gate = async (provenance: unknown) => {
        const n = uniq('slsa');
        const r = await pushArtifact(store, {
          path,
          name: n,
          blobDir,
          actor: 'ci',
          scan: false,
          ...(provenance ? { provenance } : {}),
        });
        assert.ok(r.ok, r.ok ? '' : r.error);
        const [c] = await checkGates(store, n, 1, 'production', policy);
        return c!;
      };
      const good = await gate(envelope(builder.privatePath, 'sha256'));
      assert.deepEqual(
        [good.ok, good.reason],
        [true, `provenance from https://ci.example.com/runner signed by ${policy.trust!.signers[0]!.name}`],
      );
      assert.deepEqual(await gate(undefined), {
        gate: 'provenance_signed',
        ok: false,
        reason: 'no SLSA provenance is recorded for this version',
      });
      assert.match((await gate(statement)).reason, /bare statement, not a signed DSSE envelope/);
      assert.match(
        (await gate(envelope(stranger.privatePath, null))).reason,
        /no signature on the provenance verifies with a trusted key/,
      );
      // A signature over the same bytes under another payload type does not verify (DSSE PAE).
      const replay = { ...envelope(builder.privatePath, 'sha256') };
      const otherPae = Buffer.concat([Buffer.from(`DSSEv1 16 application/json ${payload.length} `), payload]);
      replay.signatures = [
        {
          sig: sign('sha256', otherPae, createPrivateKey(readFileSync(builder.privatePath))).toString(
            'base64',
          ),
        },
      ];
      assert.equal((await gate(replay)).ok, false);
      // A trusted key limited to other artifact names does not vouch for this one.
      const limited: GatePolicy = {
        ...policy,
        trust: trustFromOptions({ keys: [pub.key], artifacts: ['other-*'] }),
      };
      const n = uniq('slsa');
      assert.ok(
        (
          await pushArtifact(store, {
            path,
            name: n,
            blobDir,
            actor: 'ci',
            scan: false,
            provenance: envelope(builder.privatePath, 'sha256'),
          })
        ).ok,
      );
      const [c] = await checkGates(store, n, 1, 'production', limited);
      assert.match(c!.reason, /may not sign artifact/);
    });

    test('promotion gates: each failed gate is named, the attempt is recorded, and passing gates move the alias', async () => {
      const name = uniq('fraud');
      const k = await createSigningKey('ed25519', join(tmp.dir, uniq('key')));
      const pub = parsePublicKey(readFileSync(k.publicPath));
      assert.ok(pub.ok);
      const policy: GatePolicy = {
        gates: { production: ['signed', 'scan_clean', 'risk_approved', 'assurance_passing'], staging: [] },
        trust: trustFromOptions({ keys: [pub.key] }),
      };
      // v1: unsigned, not scanned.
      const v1 = await pushArtifact(store, {
        path: await model({ 'w.bin': 'v1' }),
        name,
        blobDir,
        actor: 'ml',
        scan: false,
      });
      assert.ok(v1.ok);
      const blocked = await promote(store, { name, version: 1, alias: 'production', actor: 'alice', policy });
      assert.ok(!blocked.ok);
      assert.deepEqual(
        blocked.checks.map((c) => [c.gate, c.ok]),
        [
          ['signed', false],
          ['scan_clean', false],
          ['risk_approved', false],
          ['assurance_passing', false],
        ],
      );
      assert.match(blocked.error, /signed: the version has no signature/);
      assert.match(blocked.error, /scan_clean: the version was not scanned/);
      assert.match(blocked.error, /risk_approved: no risk assessment/);
      assert.match(blocked.error, /assurance_passing: no passing red-team run/);
      // An alias without gates moves freely.
      assert.ok((await promote(store, { name, version: 1, alias: 'staging', actor: 'alice', policy })).ok);

      // v2: signed and scanned clean; assessed (first unapproved, then approved); a real red-team run passes.
      const v2 = await pushArtifact(store, {
        path: await model({ 'w.bin': 'v2' }),
        name,
        blobDir,
        actor: 'ml',
        signer: { key: readFileSync(k.privatePath, 'utf8') },
      });
      assert.ok(v2.ok);
      assert.ok(
        (
          await assessVersion(store, {
            name,
            version: 2,
            risk: 'medium',
            summary: 'reviewed',
            approved: false,
            actor: 'bob',
          })
        ).ok,
      );
      const unapproved = await checkGates(store, name, 2, 'production', policy);
      assert.deepEqual(
        unapproved.filter((c) => !c.ok).map((c) => c.gate),
        ['risk_approved', 'assurance_passing'],
      );
      assert.ok(
        (
          await assessVersion(store, {
            name,
            version: 2,
            risk: 'medium',
            summary: 'reviewed',
            approved: true,
            actor: 'carol',
          })
        ).ok,
      );
      const t = await startDemoTarget();
      try {
        const target = createTarget(
          {
            kind: 'openai',
            url: `${t.url}/v1`,
            model: 'demo-target',
            headers: {},
            maxTokens: 256,
            temperature: 0,
          },
          { timeoutMs: 10_000, retries: 1, budget: 500 },
        );
        const run = await runRedteam({
          target,
          probes: ['prompt-injection-direct'],
          seed: 3,
          concurrency: 4,
          model: { name, version: '2' },
        });
        assert.equal(run.totals.successes, 0);
        await saveRun(store, run);
      } finally {
        await t.close();
      }
      const passed = await promote(store, { name, version: 2, alias: 'production', actor: 'alice', policy });
      assert.ok(passed.ok, passed.ok ? '' : passed.error);
      assert.equal(
        passed.checks.every((c) => c.ok),
        true,
      );
      assert.equal((await resolveVersion(store, { name, alias: 'production' }))?.version, 2);

      // A signature by a key the policy does not trust fails the gate.
      const stranger = await createSigningKey('ed25519', join(tmp.dir, uniq('key')));
      const v3 = await pushArtifact(store, {
        path: await model({ 'w.bin': 'v3' }),
        name,
        blobDir,
        actor: 'ml',
        signer: { key: readFileSync(stranger.privatePath, 'utf8') },
      });
      assert.ok(v3.ok);
      const [signed] = await checkGates(store, name, 3, 'production', {
        ...policy,
        gates: { production: ['signed'] },
      });
      assert.equal(signed?.ok, false);

      const h = await artifactHistory(store, name);
      const events = h!.events.filter((e) => e.alias === 'production');
      assert.deepEqual(
        events.map((e) => [e.action, e.version, e.actor]),
        [
          ['promote_blocked', 1, 'alice'],
          ['promote', 2, 'alice'],
        ],
      );
      assert.ok(Array.isArray(events[0]!.detail));
    });

    test('encrypted at rest: sealed on disk, pulled and verified with the key, refused without it, rekeyed', async () => {
      const dir = join(tmp.dir, uniq('sealed'));
      const oldKey = parseBlobKey(Buffer.alloc(32, 7), 'old');
      const newKey = parseBlobKey(Buffer.alloc(32, 9), 'new');
      const sealed = { dir, encryption: { current: oldKey, ring: [oldKey] } };
      const name = uniq('secret-model');
      const weights = 'confidential weights '.repeat(100);
      const r = await pushArtifact(store, {
        path: await model({ 'w.bin': weights, 'config.json': '{"a":1}' }),
        name,
        blobDir: sealed,
        actor: 'ml',
      });
      assert.ok(r.ok, r.ok ? '' : r.error);
      const v = await resolveVersion(store, { name });
      const digest = v!.statement.predicate.resources.find((x) => x.name === 'w.bin')!.digest;
      assert.ok(!readFileSync(blobPath(dir, digest)).includes('confidential'), 'no plaintext on disk');
      assert.equal(await checkBlob(sealed, digest), true);
      assert.equal(await checkBlob(dir, digest), false, 'without the key the blob does not open');

      const out = join(tmp.dir, uniq('out'));
      const pulled = await pullVersion(store, sealed, { name }, out);
      assert.ok(pulled.ok, pulled.ok ? '' : pulled.error);
      assert.equal(readFileSync(join(out, 'w.bin'), 'utf8'), weights);
      const wrong = await pullVersion(
        store,
        { dir, encryption: { current: newKey, ring: [newKey] } },
        { name },
        join(tmp.dir, uniq('out')),
      );
      assert.ok(!wrong.ok && /not configured/.test(wrong.error), JSON.stringify(wrong));

      const rotated = { dir, encryption: { current: newKey, ring: [newKey, oldKey] } };
      const first = await rekeyBlobs(dir, rotated.encryption);
      assert.deepEqual([first.resealed, first.skipped, first.failed], [2, 0, []]);
      const again = await rekeyBlobs(dir, rotated.encryption);
      assert.deepEqual([again.resealed, again.skipped], [0, 2]);
      assert.equal(await checkBlob({ dir, encryption: { current: newKey, ring: [newKey] } }, digest), true);
      assert.equal(await checkBlob(sealed, digest), false, 'the old key alone no longer opens it');

      // A flipped byte in a sealed blob stops the pull.
      const path = blobPath(dir, digest);
      const bytes = readFileSync(path);
      bytes[bytes.length - 20] ^= 1;
      await chmod(path, 0o644);
      await writeFile(path, bytes);
      const bad = await pullVersion(
        store,
        { dir, encryption: { current: newKey, ring: [newKey] } },
        { name },
        join(tmp.dir, uniq('out')),
      );
      assert.ok(!bad.ok && /does not authenticate/.test(bad.error), JSON.stringify(bad));
      const report = await rekeyBlobs(dir, rotated.encryption);
      assert.equal(report.failed.length, 0, 'already under the new key: skipped, not re-read');
    });

    test('rekey seals a plaintext blob directory', async () => {
      const dir = join(tmp.dir, uniq('plain'));
      const name = uniq('open-model');
      const r = await pushArtifact(store, {
        path: await model({ 'w.bin': 'open weights' }),
        name,
        blobDir: dir,
        actor: 'ml',
      });
      assert.ok(r.ok);
      const k = parseBlobKey(Buffer.alloc(32, 3), 'k');
      const res = await rekeyBlobs(dir, { current: k, ring: [k] });
      assert.deepEqual([res.resealed, res.failed], [1, []]);
      const out = join(tmp.dir, uniq('out'));
      const pulled = await pullVersion(store, { dir, encryption: { current: k, ring: [k] } }, { name }, out);
      assert.ok(pulled.ok, pulled.ok ? '' : pulled.error);
      assert.equal(readFileSync(join(out, 'w.bin'), 'utf8'), 'open weights');
    });

    test('rollback verifies the earlier version again and refuses one whose stored bytes changed', async () => {
      const name = uniq('svc');
      for (const c of ['one', 'two', 'three'])
        assert.ok(
          (await pushArtifact(store, { path: await model({ 'w.bin': c }), name, blobDir, actor: 'ml' })).ok,
        );
      const back = await rollbackVerified(store, { name, to: 2, alias: 'latest', actor: 'oncall', blobDir });
      assert.ok(back.ok && back.from === 3 && back.to === 2, JSON.stringify(back));
      const v1 = await resolveVersion(store, { name, version: 1 });
      const blob = blobPath(blobDir, v1!.statement.predicate.resources[0]!.digest);
      await chmod(blob, 0o644);
      await writeFile(blob, 'swapped weights');
      const refused = await rollbackVerified(store, {
        name,
        to: 1,
        alias: 'latest',
        actor: 'oncall',
        blobDir,
      });
      assert.ok(!refused.ok && /does not verify/.test(refused.error), JSON.stringify(refused));
      assert.equal((await resolveVersion(store, { name }))?.version, 2);
    });

    test('four eyes: the risk approver may be neither who pushed the version nor who promotes it', async () => {
      const name = uniq('four');
      const policy: GatePolicy = { gates: { production: ['risk_approved'] }, fourEyes: true };
      const pushed = await pushArtifact(store, {
        path: await model({ 'w.bin': `four eyes ${name}` }),
        name,
        blobDir,
        actor: 'ml',
        scan: false,
      });
      assert.ok(pushed.ok);
      const approve = async (actor: string) =>
        assert.ok(
          (await assessVersion(store, { name, version: 1, risk: 'low', summary: 's', approved: true, actor }))
            .ok,
        );
      const promoteAs = (actor: string) =>
        promote(store, { name, version: 1, alias: 'production', actor, policy });
      await approve('ml');
      const self = await promoteAs('alice');
      assert.ok(
        !self.ok && /four eyes: ml approved the risk and pushed this version/.test(self.error),
        JSON.stringify(self),
      );
      await approve('alice');
      const own = await promoteAs('alice');
      assert.ok(
        !own.ok && /four eyes: alice approved the risk and is promoting this version/.test(own.error),
        JSON.stringify(own),
      );
      // Without four eyes the same approval passes; with it, a third person may promote.
      const [lax] = await checkGates(
        store,
        name,
        1,
        'production',
        { ...policy, fourEyes: false },
        new Date(),
        'alice',
      );
      assert.equal(lax?.ok, true);
      const ok = await promoteAs('bob');
      assert.ok(ok.ok, ok.ok ? '' : ok.error);
    });

    test('rollback goes only to a known-good version: one that held the alias, or passes its gates now', async () => {
      const name = uniq('gated');
      const policy: GatePolicy = { gates: { production: ['risk_approved'] } };
      for (const c of ['gated one', 'gated two', 'gated three'])
        assert.ok(
          (
            await pushArtifact(store, {
              path: await model({ 'w.bin': c }),
              name,
              blobDir,
              actor: 'ml',
              scan: false,
            })
          ).ok,
        );
      for (const version of [2, 3]) {
        const a = await assessVersion(store, {
          name,
          version,
          risk: 'low',
          summary: 'ok',
          approved: true,
          actor: 'risk',
        });
        assert.ok(a.ok);
        const p = await promote(store, { name, version, alias: 'production', actor: 'release', policy });
        assert.ok(p.ok, p.ok ? '' : p.error);
      }
      const roll = (to: number) =>
        rollbackVerified(store, { name, to, alias: 'production', actor: 'oncall', blobDir, policy });

      // v1 never held production and has no approved assessment: a rollback must not bypass the gate.
      const sneaky = await roll(1);
      assert.ok(!sneaky.ok, JSON.stringify(sneaky));
      assert.match(
        sneaky.error,
        /never held production and fails 1 of its gate\(s\):\n\s+risk_approved: no risk assessment/,
      );
      assert.equal((await resolveVersion(store, { name, alias: 'production' }))?.version, 3);
      // The plain rollback (the monitor's) has no gate policy at hand: it goes only to a version that held the alias.
      const plain = await rollback(store, name, 1, 'monitor', 'production');
      assert.ok(!plain.ok && /never held production/.test(plain.error), JSON.stringify(plain));
      assert.equal((await resolveVersion(store, { name, alias: 'production' }))?.version, 3);

      // v2 held production: known-good.
      const back = await roll(2);
      assert.ok(back.ok && back.from === 3 && back.to === 2, JSON.stringify(back));

      // v1, once approved, passes the gates and may be rolled back to although it never held the alias.
      assert.ok(
        (
          await assessVersion(store, {
            name,
            version: 1,
            risk: 'low',
            summary: 'ok',
            approved: true,
            actor: 'risk',
          })
        ).ok,
      );
      const approved = await roll(1);
      assert.ok(approved.ok, JSON.stringify(approved));

      const events = (await artifactHistory(store, name))!.events.filter((e) => e.action === 'rollback');
      assert.deepEqual(
        events.map((e) => [e.fromVersion, e.version, e.actor]),
        [
          [3, 2, 'oncall'],
          [2, 1, 'oncall'],
        ],
      );
      const [first, second] = events.map(
        (e) => e.detail as { blobs: number; knownGood: Record<string, unknown> },
      );
      assert.equal(first!.blobs, 1);
      assert.equal(typeof first!.knownGood.heldSince, 'number');
      assert.deepEqual(second!.knownGood, { gates: ['risk_approved'] });
    });
  });
}
