// Hostile input: truncated, bit-flipped and random bytes must give a report, never an exception or a hang.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { scanPath } from './index.ts';

const held = fileURLToPath(new URL('./fixtures/heldout', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parapet-scan-hostile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('returns a report for every truncation and bit flip of the held-out samples without throwing', async () => {
  const rand = rng(7);
  let n = 0;
  for (const f of readdirSync(held).filter((x) => x !== 'labels.csv')) {
    const orig = readFileSync(join(held, f));
    for (let k = 0; k < 12; k++) {
      const b = Buffer.from(orig);
      if (k < 4) {
        const cut = b.subarray(0, Math.floor(rand() * b.length));
        writeFileSync(join(dir, `t${n}`), cut);
      } else {
        for (let j = 0; j < 1 + (k % 4); j++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
        writeFileSync(join(dir, `t${n}`), b);
      }
      const r = await scanPath(join(dir, `t${n++}`));
      assert.equal(r.files.length >= 1, true);
    }
  }
  assert.ok(n > 400);
});

test('a truncated malicious pickle is still flagged at or above high', async () => {
  const orig = readFileSync(join(held, 'h_shutil_rmtree_p2.pkl'));
  writeFileSync(join(dir, 'trunc'), orig.subarray(0, orig.length - 2));
  const r = await scanPath(join(dir, 'trunc'));
  assert.ok(r.worst === 'critical' || r.worst === 'high');
});

test('survives random bytes that start with each pickle opcode', async () => {
  const rand = rng(11);
  for (let op = 0; op < 256; op++) {
    const b = Buffer.alloc(256);
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(rand() * 256);
    b[0] = op;
    writeFileSync(join(dir, 'r'), b);
    const r = await scanPath(join(dir, 'r'));
    assert.equal(r.files.length >= 1, true);
  }
});
