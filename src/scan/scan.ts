// `scanPath`: scan a model file or a whole model folder by content. Nothing is loaded or unpickled;
// every file is parsed, and directory scans do not filter by extension.

import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanOptions, ScanReport, Severity } from './types.ts';
import { SEVERITIES } from './types.ts';
import type { Ctx } from './lib/walk.ts';
import { bufferSource, scanSource } from './lib/walk.ts';

/**
 * Files up to this size are read in one synchronous call; larger ones by range through a file handle.
 * Model folders hold many small files, where a thread-pool round trip per stat, open, read and close
 * cost more than the parse (measured: the 68-file corpus scanned 2× faster synchronously).
 */
const SMALL_FILE = 16 * 2 ** 20;

async function scanFile(path: string, size: number, ctx: Ctx): Promise<void> {
  if (size <= SMALL_FILE) {
    // O_NOFOLLOW: a file swapped for a symlink after the lstat is refused, not followed.
    const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    let buf: Buffer | undefined;
    try {
      if (fstatSync(fd).size <= SMALL_FILE) buf = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
    if (buf) return scanSource({ ...bufferSource(path, buf, true), size: buf.length }, ctx);
    size = SMALL_FILE + 1; // it grew past the small-file limit since the lstat: read it by range
  }
  const fh = await open(path, 'r');
  try {
    const read = async (pos: number, len: number): Promise<Buffer> => {
      const b = Buffer.allocUnsafe(len);
      let got = 0;
      while (got < len) {
        const { bytesRead } = await fh.read(b, got, len - got, pos + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === len ? b : b.subarray(0, got);
    };
    await scanSource({ label: path, size, read, top: true }, ctx);
  } finally {
    await fh.close();
  }
}

async function walk(path: string, ctx: Ctx, depth: number): Promise<void> {
  try {
    await walkOne(path, ctx, depth);
  } catch (e) {
    // unreadable means unscanned: fail closed with a finding, never a silent pass
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    ctx.findings.push({
      file: path,
      offset: 0,
      severity: 'high',
      rule: 'scan.read_error',
      message: `cannot read: ${code}`,
    });
  }
}

async function walkOne(path: string, ctx: Ctx, depth: number): Promise<void> {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) {
    ctx.findings.push({
      file: path,
      offset: 0,
      severity: 'low',
      rule: 'scan.symlink',
      message: 'symbolic link not followed',
    });
    return;
  }
  if (st.isDirectory()) {
    if (depth > 64) return;
    const names = (await readdir(path)).sort();
    for (const n of names) await walk(join(path, n), ctx, depth + 1);
    return;
  }
  if (st.isFile()) await scanFile(path, st.size, ctx);
}

/**
 * Scan a model file or folder. Resolves to a report of findings; never executes the files.
 * @example
 *   const r = await scanPath('models/bert');
 *   if (r.worst === 'critical') refuse();
 */
export async function scanPath(path: string, opts: ScanOptions = {}): Promise<ScanReport> {
  const ctx: Ctx = {
    findings: [],
    files: [],
    maxFileBytes: opts.maxFileBytes ?? 4 * 2 ** 30,
    maxMemberBytes: opts.maxMemberBytes ?? 2 * 2 ** 30,
    maxArchiveMembers: opts.maxArchiveMembers ?? 100_000,
    maxArchiveBytes: opts.maxArchiveBytes ?? 64 * 2 ** 30,
    archive: { members: 0, bytes: 0, stopped: false },
  };
  await walk(path, ctx, 0);
  let worst: Severity | null = null;
  for (const s of SEVERITIES)
    if (ctx.findings.some((f) => f.severity === s)) {
      worst = s;
      break;
    }
  return { root: path, files: ctx.files, findings: ctx.findings, worst };
}
