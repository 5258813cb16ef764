// Spreads byte-range hashing over worker threads: largest ranges first (so one big shard does not
// finish last), small ranges batched to keep message overhead negligible. Small models are hashed
// on the calling thread, where starting workers would cost more than it saves. (Letting the calling
// thread hash too while workers load was measured: no gain on two cores.)

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HashType, RangeTask } from './hash-range.ts';
import { type HashJob, hashOne, type RangeResult, WORKER_SOURCE, type WorkerReply } from './hash-worker.ts';

export interface SizedTask extends RangeTask {
  readonly size: number;
}

export interface PoolOptions {
  /** Worker threads; default the machine's available parallelism (at most 8). 0 = calling thread. */
  readonly workers?: number;
  readonly onBytes?: (n: number) => void;
}

const INLINE_BELOW = 16 * 1024 * 1024;
const BATCH_BYTES = 16 * 1024 * 1024;
const BATCH_TASKS = 256;

// Workers inherit the parent's flags, but `--input-type` (from `node --input-type=module -e …`
// callers) is refused for a file worker; only then are the flags passed explicitly without it
// (passing them always would trip over per-process flags such as the test runner's).
const WORKER_OPTIONS = process.execArgv.some((a) => a.startsWith('--input-type'))
  ? { execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')) }
  : {};

/** Hashes every task and returns results in the tasks' order. */
export async function hashTasks(
  tasks: readonly SizedTask[],
  hashType: HashType,
  opts: PoolOptions = {},
): Promise<RangeResult[]> {
  const total = tasks.reduce((n, t) => n + t.size, 0);
  const wanted = opts.workers ?? Math.min(8, availableParallelism());
  if (wanted <= 0 || total < INLINE_BELOW || tasks.length === 0) {
    return tasks.map((t) => hashOne(t, hashType, opts.onBytes));
  }

  const order = tasks.map((_, i) => i).sort((a, b) => tasks[b]!.size - tasks[a]!.size);
  const batches: number[][] = [];
  let cur: number[] = [];
  let curBytes = 0;
  for (const i of order) {
    cur.push(i);
    curBytes += tasks[i]!.size;
    if (curBytes >= BATCH_BYTES || cur.length >= BATCH_TASKS) {
      batches.push(cur);
      cur = [];
      curBytes = 0;
    }
  }
  if (cur.length > 0) batches.push(cur);

  const results: RangeResult[] = new Array(tasks.length);
  const n = Math.min(wanted, batches.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: n }, () => {
        const w = new Worker(WORKER_SOURCE, { ...WORKER_OPTIONS, eval: true });
        workers.push(w);
        return new Promise<void>((resolve, reject) => {
          let busy = false;
          const feed = () => {
            busy = false;
            if (next >= batches.length) return resolve();
            busy = true;
            const current = next++;
            const job: HashJob = {
              id: current,
              hashType,
              tasks: batches[current]!.map((i) => strip(tasks[i]!)),
            };
            w.postMessage(job);
          };
          w.on('message', (m: WorkerReply) => {
            if (m.kind === 'progress') opts.onBytes?.(m.bytes);
            else {
              const idx = batches[m.id]!;
              m.results.forEach((r, k) => {
                results[idx[k]!] = r;
              });
              feed();
            }
          });
          w.on('error', reject);
          w.on('exit', (code) => {
            if (busy) reject(new Error(`hash worker exited with ${code}`));
          });
          feed();
        });
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

function strip(t: SizedTask): RangeTask {
  return { abs: t.abs, start: t.start, end: t.end };
}
