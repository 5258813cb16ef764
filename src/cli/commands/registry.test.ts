import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const BIN = new URL('../../../bin/parapet.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parapet-cli-registry-'));
const cliAs = (actor: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: {
      ...process.env,
      PARAPET_STORE: `sqlite:${join(dir, 'r.db')}`,
      PARAPET_REGISTRY_DIR: join(dir, 'blobs'),
      PARAPET_ACTOR: actor,
    },
  });
const cli = (...args: string[]) => cliAs('ci-bot', ...args);
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

  const rb = cli('registry', 'rollback', 'fraud', '--to', '1', '--alias', 'latest');
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

test('push records metadata and lineage; promote through configured gates names each failure; assess and show', () => {
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/train.csv'), 'x,y\n1,0\n');
  const d = cli('registry', 'push', 'data', '--name', 'loans-data', '--kind', 'dataset');
  assert.equal(d.status, 0, d.stderr);
  mkdirSync(join(dir, 'scorer'));
  writeFileSync(join(dir, 'scorer/w.bin'), 'scorer weights');
  writeFileSync(
    join(dir, 'meta.yaml'),
    'owner: risk-ml\npurpose: loan scoring\nhyperparameters: { lr: 0.1 }\ndataCategories:\n  - { category: personal data, why: income }\n',
  );
  const p = cli(
    'registry',
    'push',
    'scorer',
    '--name',
    'scorer',
    '--meta',
    'meta.yaml',
    '--dataset',
    'loans-data@1',
    '--license',
    'MIT',
    '--json',
  );
  assert.equal(p.status, 0, p.stderr);
  assert.deepEqual(JSON.parse(p.stdout).lineage, [{ name: 'loans-data', version: 1 }]);

  const badMeta = cli('registry', 'push', 'scorer', '--name', 'scorer2', '--dataset', 'loans-data');
  assert.equal(badMeta.status, 1);
  assert.match(badMeta.stderr, /datasets\[0\]: name a version or alias/);

  writeFileSync(
    join(dir, 'parapet.yaml'),
    `store: { kind: sqlite, path: r.db }\nregistry:\n  dir: blobs\n  gates:\n    production: [scan_clean, risk_approved]\n`,
  );
  const blocked = cli('registry', 'promote', 'scorer@1', '--to', 'production', '--config', 'parapet.yaml');
  assert.equal(blocked.status, 1);
  assert.match(blocked.stderr, /blocked by 1 gate\(s\):\n\s+risk_approved: no risk assessment/);
  const gatedAlias = cli(
    'registry',
    'alias',
    'scorer',
    'production',
    '--to',
    '1',
    '--config',
    'parapet.yaml',
  );
  assert.equal(gatedAlias.status, 1, 'the alias command goes through the same gates');

  const a = cli(
    'registry',
    'assess',
    'scorer@1',
    '--risk',
    'medium',
    '--summary',
    'bias review done',
    '--approve',
  );
  assert.equal(a.status, 0, a.stderr);
  const ok = cli('registry', 'promote', 'scorer@1', '--to', 'production', '--config', 'parapet.yaml');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /gate risk_approved: passed \(risk medium approved by ci-bot\)/);

  const show = JSON.parse(
    cli('registry', 'show', 'scorer@production', '--config', 'parapet.yaml', '--json').stdout,
  );
  assert.equal(show.metadata.owner, 'risk-ml');
  assert.equal(show.metadata.license, 'MIT');
  assert.deepEqual(show.trainedOn, ['loans-data@1']);
  assert.equal(
    show.gates.production.every((g: { ok: boolean }) => g.ok),
    true,
  );
  const data = JSON.parse(cli('registry', 'show', 'loans-data@1', '--json').stdout);
  assert.deepEqual(data.usedBy, ['scorer@1']);

  const h = JSON.parse(cli('registry', 'history', 'scorer', '--json').stdout) as {
    events: { action: string; alias: string | null; actor: string }[];
  };
  assert.deepEqual(
    h.events.filter((e) => e.alias === 'production').map((e) => `${e.action}:${e.actor}`),
    ['promote_blocked:ci-bot', 'promote_blocked:ci-bot', 'promote:ci-bot'],
  );

  // v2 reaches production through the gates; `rollback` (alias production by default) goes back to
  // v1, which held production before, and the history names who did it and how v1 was verified.
  writeFileSync(join(dir, 'scorer/w.bin'), 'scorer weights v2');
  assert.equal(cli('registry', 'push', 'scorer', '--name', 'scorer').status, 0);
  const a2 = cli('registry', 'assess', 'scorer@2', '--risk', 'low', '--summary', 'retrained', '--approve');
  assert.equal(a2.status, 0, a2.stderr);
  const p2 = cli('registry', 'promote', 'scorer@2', '--to', 'production', '--config', 'parapet.yaml');
  assert.equal(p2.status, 0, p2.stderr);
  const rb = cli('registry', 'rollback', 'scorer', '--to', '1', '--config', 'parapet.yaml');
  assert.equal(rb.status, 0, rb.stderr);
  assert.match(rb.stdout, /rolled back scorer@production: 2 -> 1/);
  const text = cli('registry', 'history', 'scorer').stdout;
  assert.match(text, /rollback\s+production\s+2\s+1\s+ci-bot\s+verified 1 blob\(s\); held production since/);
  assert.match(
    text,
    /promote_blocked\s+production\s+-\s+1\s+ci-bot\s+blocked by risk_approved \(no risk assessment/,
  );
});

test('registry.encryption seals pushed blobs; pull opens them; rekey moves them to a new key', () => {
  const sub = join(dir, 'enc');
  mkdirSync(join(sub, 'model'), { recursive: true });
  writeFileSync(join(sub, 'model/w.bin'), 'sealed weights');
  writeFileSync(join(sub, 'old.key'), 'ab'.repeat(32));
  writeFileSync(join(sub, 'new.key'), 'cd'.repeat(32));
  const config = (keyFile: string, previous: string[] = []) =>
    writeFileSync(
      join(sub, 'parapet.yaml'),
      `store: { kind: sqlite, path: enc.db }\nregistry:\n  dir: blobs\n  encryption: { keyFile: ${keyFile}, previousKeyFiles: [${previous.join(', ')}] }\n`,
    );
  const run = (...args: string[]) => cli(...args, '--config', join(sub, 'parapet.yaml'));
  config('old.key');
  const p = run('registry', 'push', join(sub, 'model'), '--name', 'sealed', '--json');
  assert.equal(p.status, 0, p.stderr);
  const blobs = spawnSync('grep', ['-rl', 'sealed weights', join(sub, 'blobs')], { encoding: 'utf8' });
  assert.equal(blobs.stdout, '', 'no blob holds the plaintext');
  const pulled = run('registry', 'pull', 'sealed', '--out', join(sub, 'out1'));
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.equal(readFileSync(join(sub, 'out1/w.bin'), 'utf8'), 'sealed weights');

  const rekey = run('registry', 'rekey', '--new-key-file', join(sub, 'new.key'));
  assert.equal(rekey.status, 0, rekey.stderr);
  assert.match(rekey.stdout, /re-sealed 1 blob\(s\)/);
  const stale = run('registry', 'pull', 'sealed', '--out', join(sub, 'out2'));
  assert.equal(stale.status, 1);
  assert.match(stale.stderr, /sealed with key [0-9a-f]{32}, which is not configured/);
  config('new.key', ['old.key']);
  const fresh = run('registry', 'pull', 'sealed', '--out', join(sub, 'out3'));
  assert.equal(fresh.status, 0, fresh.stderr);

  writeFileSync(join(sub, 'bad.key'), 'short');
  const bad = run('registry', 'rekey', '--new-key-file', join(sub, 'bad.key'));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /expected a 256-bit key/);
});

test('registry.fourEyes: whoever approved the risk cannot also promote; someone else can', () => {
  mkdirSync(join(dir, 'four'));
  writeFileSync(join(dir, 'four/w.bin'), 'four eyes weights');
  writeFileSync(
    join(dir, 'four.yaml'),
    `store: { kind: sqlite, path: r.db }\nregistry:\n  dir: blobs\n  fourEyes: true\n  gates:\n    production: [risk_approved]\n`,
  );
  assert.equal(cliAs('ml', 'registry', 'push', 'four', '--name', 'four').status, 0);
  const a = cliAs('alice', 'registry', 'assess', 'four@1', '--risk', 'low', '--summary', 'ok', '--approve');
  assert.equal(a.status, 0, a.stderr);
  const own = cliAs('alice', 'registry', 'promote', 'four@1', '--to', 'production', '--config', 'four.yaml');
  assert.equal(own.status, 1);
  assert.match(own.stderr, /risk_approved: four eyes: alice approved the risk and is promoting this version/);
  const other = cliAs('bob', 'registry', 'promote', 'four@1', '--to', 'production', '--config', 'four.yaml');
  assert.equal(other.status, 0, other.stderr);
});

test('push --provenance keeps SLSA provenance whose subject is the root digest and refuses other bytes', () => {
  mkdirSync(join(dir, 'prov'));
  writeFileSync(join(dir, 'prov/w.bin'), 'provenance weights');
  const slsa = (sha256: string) => ({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'prov', digest: { sha256 } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: { buildType: 'https://example.com/train@v1', externalParameters: {} },
      runDetails: { builder: { id: 'https://ci.example.com/runner' } },
    },
  });
  writeFileSync(join(dir, 'wrong.intoto.json'), JSON.stringify(slsa('ab'.repeat(32))));
  const wrong = cli('registry', 'push', 'prov', '--name', 'prov', '--provenance', 'wrong.intoto.json');
  assert.equal(wrong.status, 1);
  assert.match(
    wrong.stderr,
    /provenance: no subject is this version: expected a subject with sha256 [0-9a-f]{64}/,
  );
  const root = /sha256 ([0-9a-f]{64})/.exec(wrong.stderr)![1]!;
  writeFileSync(join(dir, 'right.intoto.json'), JSON.stringify(slsa(root)));
  const right = cli(
    'registry',
    'push',
    'prov',
    '--name',
    'prov',
    '--provenance',
    'right.intoto.json',
    '--json',
  );
  assert.equal(right.status, 0, right.stderr);
  assert.equal(JSON.parse(right.stdout).rootDigest, root);
  const show = JSON.parse(cli('registry', 'show', 'prov@1', '--json').stdout);
  assert.deepEqual(show.provenance, {
    builder: 'https://ci.example.com/runner',
    buildType: 'https://example.com/train@v1',
    matched: 'root',
  });
});
