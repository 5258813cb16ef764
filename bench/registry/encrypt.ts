// Encryption at rest: throughput of storing (hash + seal + write) and reading back (open + hash) a
// large blob, sealed with AES-256-GCM against plain, and `cp` of the same file as the floor. Prints
// GiB/s (best and worst of the rounds) and the machine.
//
//   node bench/registry/encrypt.ts [--rounds 3] [--gib 1]

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Blobs, parseBlobKey, putBlob, readBlob } from '../../src/registry/versions/index.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, gib: { type: 'string', default: '1' } },
});
const rounds = Number(values.rounds);
const size = Math.round(Number(values.gib) * 1024 ** 3);
const root = mkdtempSync(join(tmpdir(), 'parapet-bench-encrypt-'));
const src = join(root, 'weights.bin');

const block = randomBytes(64 * 1024 * 1024);
const fd = openSync(src, 'w');
for (let done = 0; done < size;) done += writeSync(fd, block, 0, Math.min(block.length, size - done));
closeSync(fd);
const h = createHash('sha256');
for await (const c of (await import('node:fs')).createReadStream(src, { highWaterMark: 4 << 20 }))
  h.update(c);
const digest = h.digest('hex');

const key = parseBlobKey(randomBytes(32), 'bench');
const layouts: [string, (i: number) => Blobs][] = [
  ['plain', (i) => join(root, `plain${i}`)],
  ['sealed', (i) => ({ dir: join(root, `sealed${i}`), encryption: { current: key, ring: [key] } })],
];

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return size / 1024 ** 3 / ((performance.now() - t) / 1000);
}

const results: Record<string, number[]> = {};
const add = (k: string, v: number) => (results[k] ??= []).push(v);
for (let r = 0; r < rounds; r++) {
  add(
    'cp',
    await timed(async () => {
      spawnSync('cp', [src, join(root, `copy${r}`)]);
      rmSync(join(root, `copy${r}`));
    }),
  );
  for (const [name, at] of layouts) {
    const blobs = at(r);
    add(
      `store ${name}`,
      await timed(async () => {
        const p = await putBlob(blobs, src, digest);
        if (!p.ok) throw new Error(p.error);
      }),
    );
    add(
      `read ${name}`,
      await timed(async () => {
        const rh = createHash('sha256');
        for await (const c of readBlob(blobs, digest)) rh.update(c);
        if (rh.digest('hex') !== digest) throw new Error('digest mismatch');
      }),
    );
    rmSync(typeof blobs === 'string' ? blobs : blobs.dir, { recursive: true, force: true });
  }
}
rmSync(root, { recursive: true, force: true });

const cpu = cpus();
process.stdout.write(
  `machine: ${cpu[0]?.model} × ${cpu.length} cores, node ${process.version}, ${new Date().toISOString()}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n` + `blob: ${(size / 1024 ** 3).toFixed(2)} GiB, ${rounds} round(s); GiB/s best / worst\n`,
);
for (const [k, v] of Object.entries(results))
  process.stdout.write(`  ${k.padEnd(14)} ${Math.max(...v).toFixed(2)} / ${Math.min(...v).toFixed(2)}\n`);
process.stdout.write(
  `  sealed store ÷ plain store: ${(Math.max(...results['store sealed']!) / Math.max(...results['store plain']!)).toFixed(2)}; ` +
    `sealed read ÷ plain read: ${(Math.max(...results['read sealed']!) / Math.max(...results['read plain']!)).toFixed(2)}\n`,
);
