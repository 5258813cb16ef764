// Hashing throughput of the registry beside sha256sum and openssl on the same files, in one run:
// a 2 GiB file (real bytes, not sparse) and a 200-file directory, created under /tmp and deleted
// after. Prints GiB/s (best, median and worst of the rounds, so noise on a shared machine shows), the
// ratio to openssl (best to best, median to median), and the machine.
//
//   node bench/registry/hash.ts [--rounds 3] [--big-gib 2] [--files 200] [--file-mib 2]

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hashTree } from '../../src/registry/index.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'big-gib': { type: 'string', default: '2' },
    files: { type: 'string', default: '200' },
    'file-mib': { type: 'string', default: '2' },
  },
});
const rounds = Number(values.rounds);
const bigBytes = Math.round(Number(values['big-gib']) * 1024 ** 3);
const nFiles = Number(values.files);
const fileBytes = Math.round(Number(values['file-mib']) * 1024 ** 2);
const GiB = 1024 ** 3;

const root = mkdtempSync(join(tmpdir(), 'parapet-bench-registry-'));
const big = join(root, 'big', 'weights.bin');
const dir = join(root, 'dir');

function fill(path: string, size: number): void {
  // Real bytes from a 64 MiB random block repeated: no holes, and hashing cost is data-independent.
  const block = randomBytes(Math.min(size, 64 * 1024 * 1024));
  const fd = openSync(path, 'w');
  for (let done = 0; done < size;) {
    const n = Math.min(block.length, size - done);
    done += writeSync(fd, block, 0, n);
  }
  closeSync(fd);
}

function tool(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr?.toString() ?? r.error}`);
  return (performance.now() - t) / 1000;
}

async function ours(path: string, method: 'files' | 'shards'): Promise<number> {
  const t = performance.now();
  const tree = await hashTree(path, { method });
  if (tree.resources.length === 0) throw new Error('nothing hashed');
  return (performance.now() - t) / 1000;
}

type Row = { name: string; bytes: number; secs: number[] };
const rows: Row[] = [];
function record(name: string, bytes: number, secs: number): void {
  let row = rows.find((r) => r.name === name);
  if (!row) {
    row = { name, bytes, secs: [] };
    rows.push(row);
  }
  row.secs.push(secs);
}

try {
  mkdirSync(join(root, 'big'));
  mkdirSync(dir);
  fill(big, bigBytes);
  const files: string[] = [];
  for (let i = 0; i < nFiles; i++) {
    const f = join(dir, `shard-${String(i).padStart(4, '0')}.bin`);
    fill(f, fileBytes);
    files.push(f);
  }
  const dirBytes = nFiles * fileBytes;
  const load0 = loadavg()[0]!;

  for (let r = 0; r < rounds; r++) {
    // Interleave the tools each round so drift on the shared machine hits all of them alike.
    record('big: openssl dgst -sha256', bigBytes, tool('openssl', ['dgst', '-sha256', big]));
    record('big: sha256sum', bigBytes, tool('sha256sum', [big]));
    record('big: parapet files (1 digest)', bigBytes, await ours(join(root, 'big'), 'files'));
    record('big: parapet shards (1e9 B)', bigBytes, await ours(join(root, 'big'), 'shards'));
    record('dir: openssl dgst -sha256', dirBytes, tool('openssl', ['dgst', '-sha256', ...files]));
    record('dir: sha256sum', dirBytes, tool('sha256sum', files));
    record('dir: parapet files', dirBytes, await ours(dir, 'files'));
  }
  const load1 = loadavg()[0]!;

  const ver = (c: string, a: string[]) => spawnSync(c, a, { encoding: 'utf8' }).stdout.split('\n')[0]?.trim();
  console.log(`registry hashing bench — ${new Date().toISOString()}`);
  console.log(
    `machine: ${cpus()[0]?.model} × ${availableParallelism()} cores, node ${process.version}, ${ver('openssl', ['version'])}, ${ver('sha256sum', ['--version'])}`,
  );
  console.log(`load average (1 min) before ${load0.toFixed(2)}, after ${load1.toFixed(2)}; ${rounds} rounds`);
  console.log(
    `big: one ${(bigBytes / GiB).toFixed(2)} GiB file; dir: ${nFiles} files × ${(fileBytes / 1024 ** 2).toFixed(1)} MiB`,
  );
  const rate = (r: Row, pick: (xs: number[]) => number) => r.bytes / pick(r.secs) / GiB;
  const best = (r: Row) => rate(r, (xs) => Math.min(...xs));
  const worst = (r: Row) => rate(r, (xs) => Math.max(...xs));
  const median = (r: Row) => rate(r, (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!);
  const base = (prefix: string) => rows.find((r) => r.name === `${prefix}: openssl dgst -sha256`)!;
  console.log(
    '\n| run | best GiB/s | median GiB/s | worst GiB/s | best vs openssl best | median vs openssl median |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const b = base(r.name.split(':')[0]!);
    console.log(
      `| ${r.name} | ${best(r).toFixed(2)} | ${median(r).toFixed(2)} | ${worst(r).toFixed(2)} | ${(best(r) / best(b)).toFixed(2)}× | ${(median(r) / median(b)).toFixed(2)}× |`,
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
