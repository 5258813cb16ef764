import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { evalPii, formatPiiReport } from './eval.ts';
import { generate } from './fixtures/generate.ts';

test('scores exact and overlapping spans per type, with misses and false alarms', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pii-eval-'));
  try {
    const file = join(dir, 'd.jsonl');
    const rows = [
      // exact hit
      { text: 'mail a@example.com now', spans: [{ start: 5, end: 18, type: 'email' }] },
      // gold span one character too wide: overlap only
      { text: 'ip 10.1.2.3 up', spans: [{ start: 2, end: 11, type: 'ip_address' }] },
      // missed (not a valid card) and a false alarm (unlabelled e-mail)
      { text: 'card 1234 b@example.org', spans: [{ start: 5, end: 9, type: 'credit_card' }] },
      // a type the detector does not run is not scored
      { text: 'Jane Doe', spans: [{ start: 0, end: 8, type: 'person_name' }] },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const r = await evalPii(file);
    assert.equal(r.records, 4);
    assert.deepEqual([r.exact.email!.tp, r.exact.email!.fp, r.exact.email!.fn], [1, 1, 0]);
    assert.deepEqual([r.exact.ip_address!.tp, r.exact.ip_address!.fn], [0, 1]);
    assert.deepEqual([r.overlap.ip_address!.tp, r.overlap.ip_address!.fn], [1, 0]);
    assert.equal(r.overlap.credit_card!.fn, 1);
    assert.equal(r.overlap.overall!.tp, 2);
    assert.equal(r.unscored.person_name, 1);
    assert.match(formatPiiReport(r), /email\s+50\.0%\s+100\.0%/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a malformed line is reported with its line number', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pii-eval-'));
  try {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"text":"ok","spans":[]}\n{"text":1,"spans":[]}\n');
    await assert.rejects(evalPii(file), /bad\.jsonl:2:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the generator is reproducible and its spans cut out the labelled values', () => {
  const a = generate(50, 7);
  assert.deepEqual(a, generate(50, 7));
  assert.notDeepEqual(a, generate(50, 8));
  for (const r of a)
    for (const s of r.spans) {
      const v = r.text.slice(s.start, s.end);
      assert.ok(v.length > 0 && v.trim() === v, `${s.type}: ${JSON.stringify(v)}`);
      if (s.type === 'email') assert.match(v, /^[^\s@]+@[^\s@]+\.[a-z]+$/i);
    }
});
