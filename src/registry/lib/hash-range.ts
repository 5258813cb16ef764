// Hashes one byte range of one file with large synchronous reads into a reused buffer. It runs in
// the hashing workers and, for small models, on the calling thread; reads of 4 MiB keep the hash
// fed (the 64 KiB stream default roughly halves throughput).

import { createHash } from 'node:crypto';
import { closeSync, constants, openSync, readSync } from 'node:fs';

/** OMS hash identifiers this build can compute, mapped to node:crypto names. */
export const HASHES = { sha256: 'sha256', blake2b: 'blake2b512' } as const;
export type HashType = keyof typeof HASHES;

export const READ_SIZE = 4 * 1024 * 1024;

export interface RangeTask {
  readonly abs: string;
  readonly start: number;
  /** Exclusive; -1 means to the end of the file. */
  readonly end: number;
}

/**
 * Returns the hex digest of bytes [start, end) of `abs`. Throws when the file is shorter than
 * `end` (it changed while being hashed) — the caller reports that as a modification.
 */
export function hashRange(
  task: RangeTask,
  hashType: HashType,
  buf: Buffer,
  onBytes?: (n: number) => void,
): string {
  const h = createHash(HASHES[hashType]);
  // O_NOFOLLOW: a file swapped for a symlink after listing is refused, not followed.
  const fd = openSync(task.abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    let pos = task.start;
    const end = task.end;
    for (;;) {
      const want = end < 0 ? buf.length : Math.min(buf.length, end - pos);
      if (want <= 0) break;
      const n = readSync(fd, buf, 0, want, pos);
      if (n === 0) {
        if (end < 0) break;
        throw new Error(`${task.abs}: file ended at byte ${pos}, expected ${end}`);
      }
      h.update(n === buf.length ? buf : buf.subarray(0, n));
      pos += n;
      onBytes?.(n);
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}
