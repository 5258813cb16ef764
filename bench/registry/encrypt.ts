// Encryption at rest: throughput on one large blob (1 GiB by default, real random bytes), sealed with
// AES-256-GCM in 1 MiB chunks against the same blob stored plain, in one run:
//   seal / open       the cipher path alone, streamed from the page cache to nowhere (encryptChunks,
//                     decryptChunks): what encryption itself costs
//   store plain/sealed  putBlob: read + SHA-256 + (seal) + write + fsync, as `registry push` does
//   read plain/sealed   readBlob + SHA-256, as `registry pull` and `checkBlob` do (without the write)
//   cp + sync         the plain copy floor of this disk
// and openssl's own AES-256-GCM speed on 1 MiB buffers as the cipher's ceiling on this CPU. Prints
// GiB/s (best and worst of the rounds; the machine is shared, so both show) and the machine.
//
//   node bench/registry/encrypt.ts [--rounds 3] [--gib 1]

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decryptChunks, encryptChunks } from '../../src/registry/versions/crypto.ts';
import { type Blobs, blobPath, parseBlobKey, putBlob, readBlob } from '../../src/registry/versions/index.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, gib: { type: 'string', default: '1' } },
});
const rounds = Number(values.rounds);
const size = Math.round(Number(values.gib) * 1024 ** 3);
const root = mkdtempSync(join(tmpdir(), 'parapet-bench-encrypt-'));
const src = join(root, 'weights.bin');
const read = (path: string) => createReadStream(path, { highWaterMark: 4 * 1024 * 1024 });

const block = randomBytes(64 * 1024 * 1024);
const fd = openSync(src, 'w');
for (let done = 0; done < size;) done += writeSync(fd, block, 0, Math.min(block.length, size - done));
closeSync(fd);
const h = createHash('sha256');
for await (const c of read(src)) h.update(c);
const digest = h.digest('hex');

const key = parseBlobKey(randomBytes(32), 'bench');
const plain: Blobs = join(root, 'plain');
const sealed: Blobs = { dir: join(root, 'sealed'), encryption: { current: key, ring: [key] } };

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return size / 1024 ** 3 / ((performance.now() - t) / 1000);
}
async function drain(it: AsyncIterable<Buffer>): Promise<number> {
  let n = 0;
  for await (const c of it) n += c.length;
  return n;
}

const results: Record<string, number[]> = {};
const add = (k: string, v: number) => (results[k] ??= []).push(v);
const load0 = loadavg()[0]!;
for (let r = 0; r < rounds; r++) {
  // Interleaved, so drift on the shared machine hits every row alike.
  const copy = join(root, 'copy.bin');
  add(
    'cp + sync',
    await timed(async () => {
      spawnSync('cp', [src, copy]);
      spawnSync('sync', [copy]);
    }),
  );
  rmSync(copy);
  for (const [name, blobs] of [
    ['plain', plain],
    ['sealed', sealed],
  ] as const) {
    add(
      `store ${name}`,
      await timed(async () => {
        const p = await putBlob(blobs, src, digest);
        if (!p.ok || !p.stored) throw new Error(p.ok ? 'not stored' : p.error);
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
    if (name === 'sealed') {
      add(
        'seal only',
        await timed(async () => {
          await drain(encryptChunks(key)(read(src)));
        }),
      );
      add(
        'open only',
        await timed(async () => {
          if ((await drain(decryptChunks([key])(read(blobPath(sealed.dir, digest))))) !== size)
            throw new Error('short');
        }),
      );
    }
    rmSync(typeof blobs === 'string' ? blobs : blobs.dir, { recursive: true, force: true });
  }
}
const load1 = loadavg()[0]!;
rmSync(root, { recursive: true, force: true });

const osl = spawnSync('openssl', ['speed', '-evp', 'aes-256-gcm', '-bytes', '1048576', '-seconds', '2'], {
  encoding: 'utf8',
});
const oslLine = /AES-256-GCM\s+([0-9.]+)k/.exec(osl.stdout ?? '');
const oslGiB = oslLine ? (Number(oslLine[1]) * 1000) / 1024 ** 3 : undefined;

process.stdout.write(
  `machine: ${cpus()[0]?.model} × ${availableParallelism()} cores, node ${process.version} (OpenSSL ${process.versions.openssl}), ${new Date().toISOString()}, load ${load0.toFixed(2)} → ${load1.toFixed(2)}\n` +
    `blob: ${(size / 1024 ** 3).toFixed(2)} GiB of random bytes, 1 MiB chunks, ${rounds} round(s); GiB/s best / worst\n`,
);
const best = (k: string) => Math.max(...results[k]!);
for (const [k, v] of Object.entries(results))
  process.stdout.write(`  ${k.padEnd(14)} ${Math.max(...v).toFixed(2)} / ${Math.min(...v).toFixed(2)}\n`);
if (oslGiB !== undefined)
  process.stdout.write(`  openssl speed -evp aes-256-gcm (1 MiB buffers, one core): ${oslGiB.toFixed(2)}\n`);
process.stdout.write(
  `  sealed ÷ plain: store ${(best('store sealed') / best('store plain')).toFixed(2)}, read ${(best('read sealed') / best('read plain')).toFixed(2)}\n`,
);
