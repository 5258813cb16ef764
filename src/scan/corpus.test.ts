// Pins detection on labelled data: the shared corpus and our held-out samples built with other techniques.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { evaluate } from './eval.ts';

const shared = fileURLToPath(new URL('../../../shared/data/pickles', import.meta.url));
const heldout = fileURLToPath(new URL('./fixtures/heldout', import.meta.url));

test(
  'flags all 43 malicious samples of the shared corpus and none of its 25 benign ones',
  { skip: !existsSync(shared) },
  async () => {
    const r = await evaluate(shared);
    assert.deepEqual(r.missed, []);
    assert.deepEqual(r.falseAlarms, []);
    assert.equal(r.malicious, 43);
    assert.equal(r.benign, 25);
  },
);

test('flags every held-out malicious sample (techniques not in the corpus) and passes the realistic benign ones', async () => {
  const r = await evaluate(heldout);
  assert.deepEqual(r.missed, []);
  assert.deepEqual(r.falseAlarms, []);
  assert.ok(r.malicious >= 25 && r.benign >= 10);
});
