// Spreads byte-range hashing over threads: largest ranges first (so one big shard does not finish
// last), small ranges batched to keep message overhead negligible. The calling thread is one of the
// hashers: it starts on the first batch at once while the worker threads boot (30-60 ms each here),
// and the workers take batches from the same queue as soon as they are up, two at a time so they never
// wait for the busy calling thread to answer. Small models are hashed on the calling thread alone,
// where starting workers would cost more than it saves.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HashType, RangeTask } from './hash-range.ts';
import { type HashJob, hashOne, type RangeResult, WORKER_SOURCE, type WorkerReply } from './hash-worker.ts';

export interface SizedTask extends RangeTask {
  readonly size: number;
}

export interface PoolOptions {
  /**
   * Threads that hash, the calling thread among them; default the machine's available parallelism (at
   * most 8). 0 or 1 = the calling thread alone.
   */
  readonly workers?: number;
  readonly onBytes?: (n: number) => void;
}

const INLINE_BELOW = 16 * 1024 * 1024;
const BATCH_BYTES = 16 * 1024 * 1024;
const BATCH_TASKS = 256;
/**
 * Bytes queued at a worker at once: a second small batch waits there so the worker has the next when
 * one ends, even while the calling thread is busy; a large shard is never queued behind another.
 */
const IN_FLIGHT_BYTES = 2 * BATCH_BYTES;

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
  const results: RangeResult[] = new Array(tasks.length);
  const run = (batch: readonly number[]) => {
    for (const i of batch) results[i] = hashOne(tasks[i]!, hashType, opts.onBytes);
  };
  if (wanted <= 1 || total < INLINE_BELOW || tasks.length === 0) {
    run(tasks.map((_, i) => i));
    return results;
  }

  const order = tasks.map((_, i) => i).sort((a, b) => tasks[b]!.size - tasks[a]!.size);
  const batches: number[][] = [];
  const batchBytes: number[] = [];
  let cur: number[] = [];
  let curBytes = 0;
  for (const i of order) {
    cur.push(i);
    curBytes += tasks[i]!.size;
    if (curBytes >= BATCH_BYTES || cur.length >= BATCH_TASKS) {
      batches.push(cur);
      batchBytes.push(curBytes);
      cur = [];
      curBytes = 0;
    }
  }
  if (cur.length > 0) {
    batches.push(cur);
    batchBytes.push(curBytes);
  }

  let next = 0;
  const take = (): number => (next < batches.length ? next++ : -1);
  const mine = take(); // the calling thread's first batch, claimed before any worker asks
  const workers: Worker[] = [];
  let failed = false;
  try {
    const done = Promise.all(
      Array.from({ length: Math.min(wanted, batches.length) - 1 }, () => {
        const w = new Worker(WORKER_SOURCE, { ...WORKER_OPTIONS, eval: true });
        workers.push(w);
        return new Promise<void>((resolve, reject) => {
          let inFlight = 0; // bytes
          let jobs = 0;
          const room = () =>
            jobs === 0 || (inFlight < IN_FLIGHT_BYTES && batchBytes[next]! < IN_FLIGHT_BYTES);
          const feed = () => {
            for (let b = room() ? take() : -1; b >= 0; b = room() ? take() : -1) {
              inFlight += batchBytes[b]!;
              jobs++;
              const job: HashJob = { id: b, hashType, tasks: batches[b]!.map((i) => strip(tasks[i]!)) };
              w.postMessage(job);
            }
            if (jobs === 0) resolve();
          };
          w.on('message', (m: WorkerReply) => {
            if (m.kind === 'progress') opts.onBytes?.(m.bytes);
            else {
              const idx = batches[m.id]!;
              m.results.forEach((r, k) => {
                results[idx[k]!] = r;
              });
              inFlight -= batchBytes[m.id]!;
              jobs--;
              feed();
            }
          });
          w.on('error', reject);
          w.on('exit', (code) => {
            if (jobs > 0) reject(new Error(`hash worker exited with ${code}`));
          });
          feed();
        });
      }),
    );
    done.catch(() => {
      failed = true;
    });
    run(batches[mine]!);
    // Between batches, let the workers' replies in (and so their next batches out).
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const b = failed ? -1 : take();
      if (b < 0) break;
      run(batches[b]!);
    }
    await done;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

function strip(t: SizedTask): RangeTask {
  return { abs: t.abs, start: t.start, end: t.end };
}
