import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateSpans } from './fixtures/generate-spans.ts';
import { evalSpans } from './spans.ts';

const KEY = 'AKIAIOSFODNN7EXAMPLF';

function file(lines: unknown[]): { path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'spans-'));
  const path = join(dir, 'd.jsonl');
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n'));
  return { path, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('span eval counts a hit, a miss on a wrong span, and a false positive per type', async () => {
  const f = file([
    { text: `key ${KEY} ok`, spans: [{ start: 4, end: 24, type: 'aws_access_key_id' }] },
    // Gold span off by one: a miss and a false positive by exact span, a hit by overlap.
    { text: `key ${KEY} ok`, spans: [{ start: 4, end: 23, type: 'aws_access_key_id' }] },
    // Unlabelled key: a false positive.
    { text: `and ${KEY}`, spans: [] },
  ]);
  try {
    const r = await evalSpans('secrets', f.path);
    assert.equal(r.records, 3);
    const e = r.exact.aws_access_key_id!;
    assert.deepEqual([e.tp, e.fp, e.fn], [1, 2, 1]);
    const o = r.overlap.aws_access_key_id!;
    assert.deepEqual([o.tp, o.fp, o.fn], [2, 1, 0]);
  } finally {
    f.done();
  }
});

test('a malformed record is refused with the file and line', async () => {
  const f = file([{ text: 'x', spans: [] }, { text: 1 }]);
  try {
    await assert.rejects(evalSpans('unicode', f.path), /d\.jsonl:2: not a \{"text","spans"\} record/);
  } finally {
    f.done();
  }
});

test('the generator is reproducible from its seed and its spans lie inside the text', () => {
  for (const g of ['secrets', 'unicode'] as const) {
    const a = generateSpans(g, 50, 3);
    assert.deepEqual(a, generateSpans(g, 50, 3));
    assert.notDeepEqual(a, generateSpans(g, 50, 4));
    for (const r of a) for (const s of r.spans) assert.ok(s.start < s.end && s.end <= r.text.length);
  }
});
