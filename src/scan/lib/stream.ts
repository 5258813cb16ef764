// A pickle stream: several pickles back to back (multi-record files, torch legacy streams), with
// bytes after the last STOP failing closed unless they are torch legacy raw storages.

import type { PickleIssue } from './pickle.ts';
import { readPickle } from './pickle.ts';

export interface StreamResult {
  /** False when the bytes at `start` are not a pickle program at all. */
  isPickle: boolean;
  format: 'pickle' | 'torch-legacy';
  issues: PickleIssue[];
  opcodes: number;
}

/** Legacy torch.save writes magic, protocol, sys_info, the object, and the storage keys; raw storages follow. */
const TORCH_LEGACY_PICKLES = 5;
/** A file with more pickles than this is treated as hostile padding. */
const MAX_PICKLES = 100_000;

/** Interpret every pickle in `buf` from `start` on. */
export function readStream(buf: Buffer, start = 0): StreamResult {
  const issues: PickleIssue[] = [];
  let opcodes = 0;
  let pos = start;
  let count = 0;
  let legacy = false;
  while (pos < buf.length) {
    const r = readPickle(buf, pos);
    opcodes += r.opcodes;
    if (count === 0 && r.end < 0 && !r.active)
      return { isPickle: false, format: 'pickle', issues: r.issues, opcodes };
    if (count > 0 && r.end < 0 && !r.active) {
      issues.push({
        offset: pos,
        severity: 'high',
        rule: 'scan.trailing_bytes',
        message: `${buf.length - pos} byte(s) after the last STOP are not a pickle; a custom loader could read them`,
      });
      break;
    }
    issues.push(...r.issues);
    if (count === 0 && r.torchMagic) legacy = true;
    count++;
    if (r.end < 0) break;
    pos = r.end;
    if (legacy && count === TORCH_LEGACY_PICKLES) break;
    if (count >= MAX_PICKLES) {
      issues.push({
        offset: pos,
        severity: 'high',
        rule: 'scan.parse_error',
        message: 'too many pickles in one stream',
      });
      break;
    }
  }
  return { isPickle: true, format: legacy ? 'torch-legacy' : 'pickle', issues, opcodes };
}
