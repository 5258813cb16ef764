// The body of one hashing worker thread: takes batches of byte ranges, answers with their digests,
// and reports bytes done every 64 MiB so the progress bar moves during one large shard.
//
// Workers run WORKER_SOURCE, plain JavaScript assembled from these very functions (type stripping
// leaves their source valid JavaScript), not this module: loading TypeScript modules in a fresh
// worker cost 60–180 ms of a hash job here, a plain script about a third of that.

import type { MessagePort } from 'node:worker_threads';
import { HASHES, type HashType, hashRange, type RangeTask, READ_SIZE } from './hash-range.ts';

export interface HashJob {
  readonly id: number;
  readonly hashType: HashType;
  readonly tasks: readonly RangeTask[];
}

export type WorkerReply =
  | { readonly kind: 'progress'; readonly bytes: number }
  | { readonly kind: 'done'; readonly id: number; readonly results: readonly RangeResult[] };

/** A digest, or why the range could not be read (the file vanished, shrank or became unreadable). */
export type RangeResult = { readonly digest: string } | { readonly error: string };

const REPORT_EVERY = 64 * 1024 * 1024;
const buf = Buffer.allocUnsafe(READ_SIZE);

/** Answers hash jobs on `port` (a worker's parent port). */
function serve(port: MessagePort): void {
  port.on('message', (job: HashJob) => {
    let pending = 0;
    const onBytes = (n: number) => {
      pending += n;
      if (pending >= REPORT_EVERY) {
        port.postMessage({ kind: 'progress', bytes: pending } satisfies WorkerReply);
        pending = 0;
      }
    };
    const results = job.tasks.map((t) => hashOne(t, job.hashType, onBytes));
    if (pending > 0) port.postMessage({ kind: 'progress', bytes: pending } satisfies WorkerReply);
    port.postMessage({ kind: 'done', id: job.id, results } satisfies WorkerReply);
  });
}

/** Hashes one range, turning an I/O failure into a result instead of a crash. */
export function hashOne(t: RangeTask, hashType: HashType, onBytes?: (n: number) => void): RangeResult {
  try {
    return { digest: hashRange(t, hashType, buf, onBytes) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** The worker as one CommonJS script for `new Worker(WORKER_SOURCE, { eval: true })`. */
export const WORKER_SOURCE = `'use strict';
const { createHash } = require('node:crypto');
const { closeSync, constants, openSync, readSync } = require('node:fs');
const { parentPort } = require('node:worker_threads');
const HASHES = ${JSON.stringify(HASHES)};
const REPORT_EVERY = ${REPORT_EVERY};
const buf = Buffer.allocUnsafe(${READ_SIZE});
${hashRange.toString()}
${hashOne.toString()}
${serve.toString()}
serve(parentPort);
`;
