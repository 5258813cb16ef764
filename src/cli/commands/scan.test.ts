import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const BIN = fileURLToPath(new URL('../../../bin/parapet.js', import.meta.url));
const HELD = fileURLToPath(new URL('../../scan/fixtures/heldout/', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

test('scan exits 1 on a critical finding and 0 when --fail-on is above every finding of a clean file', () => {
  const bad = cli('scan', `${HELD}h_zip_data_descriptor.pt`);
  assert.equal(bad.status, 1, bad.stderr);
  assert.match(
    bad.stdout,
    /CRITICAL .*h_zip_data_descriptor\.pt!model\/data\.pkl @\d+ scan\.dangerous_call \[os\.system\]/,
  );
  const low = cli('scan', `${HELD}hb_sklearn_estimator_p4.pkl`);
  assert.equal(low.status, 0, low.stdout + low.stderr);
  const strict = cli('scan', `${HELD}hb_sklearn_estimator_p4.pkl`, '--fail-on', 'low');
  assert.equal(strict.status, 1);
});

test('scan --sarif prints a SARIF 2.1.0 log with the offending byte offset', () => {
  const r = cli('scan', `${HELD}h_shutil_rmtree_p2.pkl`, '--sarif');
  assert.equal(r.status, 1);
  const log = JSON.parse(r.stdout) as {
    version: string;
    runs: Array<{
      results: Array<{
        ruleId: string;
        locations: Array<{ physicalLocation: { region: { byteOffset: number } } }>;
      }>;
    }>;
  };
  assert.equal(log.version, '2.1.0');
  const res = log.runs[0].results.find((x) => x.ruleId === 'scan.dangerous_call');
  assert.equal(res?.locations[0].physicalLocation.region.byteOffset, 2);
});

test('scan eval --json reports precision and recall on labelled data', () => {
  const r = cli('scan', 'eval', '--data', HELD, '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { precision: number; recall: number; missed: string[] };
  assert.equal(out.recall, 1);
  assert.equal(out.precision, 1);
});

test('scan rejects an unknown --fail-on severity with exit 2', () => {
  const r = cli('scan', HELD, '--fail-on', 'severe');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--fail-on must be one of/);
});
