// Scans one source (a file or an archive member) by content and appends its findings: the dispatch
// between pickle streams, archives and tensor formats.

import type { Finding, ScannedFile, Severity } from '../types.ts';
import { detect } from './detect.ts';
import { checkGguf, checkNpy, checkOnnx, checkSafetensors, SAFETENSORS_MAX_HEADER } from './formats.ts';
import type { PickleIssue } from './pickle.ts';
import { readStream } from './stream.ts';
import type { ReadAt, ZipEntry } from './zip.ts';
import { listZip, readMember } from './zip.ts';

export interface Source {
  label: string;
  size: number;
  read: ReadAt;
  /** True for the top level of a model folder, false for archive members. */
  top: boolean;
}

export interface Ctx {
  findings: Finding[];
  files: ScannedFile[];
  maxFileBytes: number;
  maxMemberBytes: number;
  maxArchiveMembers: number;
  maxArchiveBytes: number;
  /** What the archives of the current top-level file have used of their budget (nested ones included). */
  archive: { members: number; bytes: number; stopped: boolean };
}

const MAX_DEPTH = 4;
/** Embedded-pickle search in unrecognised files looks at this many PROTO candidates at most. */
const MAX_EMBEDDED = 64;
const EOCD_SIG = Buffer.from('PK\x05\x06', 'latin1');
/** Unrecognised files larger than this that cannot start a pickle are not read whole. */
const BIG_UNKNOWN = 256 * 2 ** 20;
const EMBEDDED_WINDOW = 64 * 2 ** 20;
/** Every byte the pickle machine knows as an opcode: anything else cannot start a pickle. */
const PICKLE_START = new Set(
  Buffer.from('()0125FGIJKLMNPQRSTUVX]abcdeghijlopqrstu}BC.', 'latin1')
    .toJSON()
    .data.concat(Array.from({ length: 0x98 - 0x80 + 1 }, (_, i) => 0x80 + i)),
);

/** A Source over an in-memory buffer. */
export function bufferSource(label: string, buf: Buffer, top: boolean): Source {
  return { label, size: buf.length, top, read: async (pos, len) => buf.subarray(pos, pos + len) };
}

function add(ctx: Ctx, file: string, issues: PickleIssue[], base = 0): void {
  for (const i of issues) ctx.findings.push({ file, ...i, offset: i.offset + base });
}

function finding(
  ctx: Ctx,
  file: string,
  offset: number,
  severity: Severity,
  rule: string,
  message: string,
): void {
  ctx.findings.push({ file, offset, severity, rule, message });
}

function isText(buf: Buffer): boolean {
  const n = Math.min(buf.length, 65_536);
  for (let i = 0; i < n; i++) {
    const c = buf[i];
    if (c === 0 || (c < 0x09 && c !== 0)) return false;
  }
  return true;
}

/** Keras configs (.keras config.json, HDF5 model_config) that declare Lambda layers carry marshalled Python code. */
function kerasLambda(ctx: Ctx, file: string, buf: Buffer): void {
  const re = /"class_name"\s{0,4}:\s{0,4}"(Lambda|TFOpLambda)"/g;
  const text = buf.toString('latin1');
  for (let m = re.exec(text), k = 0; m && k < 100; m = re.exec(text), k++)
    finding(
      ctx,
      file,
      m.index,
      'high',
      'scan.keras_lambda',
      `Keras ${m[1]} layer: its Python bytecode runs when the model is loaded`,
    );
}

/**
 * Counts one archive member of `bytes` (declared) against the top-level file's budget. Once the budget is
 * spent it records one `scan.archive_limit` finding and returns false for every later member, so a zip
 * bomb of many small members (or archives nested to multiply them) fails closed instead of running on.
 */
function admit(ctx: Ctx, label: string, offset: number, bytes: number): boolean {
  const a = ctx.archive;
  if (a.stopped) return false;
  if (a.members >= ctx.maxArchiveMembers)
    return stop(ctx, label, offset, `more than ${ctx.maxArchiveMembers} archive members`);
  if (a.bytes + bytes > ctx.maxArchiveBytes)
    return stop(ctx, label, offset, `members add up to more than ${ctx.maxArchiveBytes} bytes`);
  a.members++;
  return true;
}

function stop(ctx: Ctx, label: string, offset: number, why: string): false {
  ctx.archive.stopped = true;
  finding(
    ctx,
    label,
    offset,
    'high',
    'scan.archive_limit',
    `${why} (the per-file scan limit); the rest of the archive was not scanned`,
  );
  return false;
}

/** Scan one source, recursing into archives. */
export async function scanSource(src: Source, ctx: Ctx, depth = 0): Promise<void> {
  const { label, size } = src;
  if (src.top) ctx.archive = { members: 0, bytes: 0, stopped: false };
  const head = await src.read(0, Math.min(size, 512));
  const kind = detect(head, size);
  const rec: ScannedFile = { file: label, format: kind, bytes: size, opcodes: 0 };
  ctx.files.push(rec);
  if (size === 0) {
    if (src.top) finding(ctx, label, 0, 'info', 'scan.empty', 'empty file');
    return;
  }
  if (kind === 'safetensors') {
    const n = Number(head.readBigUInt64LE(0));
    if (n > SAFETENSORS_MAX_HEADER || 8 + n > size)
      return finding(
        ctx,
        label,
        0,
        'high',
        'scan.safetensors_invalid',
        `header of ${n} bytes is over the cap or past the end of file`,
      );
    return add(ctx, label, checkSafetensors(await src.read(8, n), size));
  }
  if (kind === 'gguf') return add(ctx, label, checkGguf(head, size));
  if (kind === 'zip' || kind === 'tar') return scanArchive(src, kind, ctx, depth, rec);
  if (size > ctx.maxFileBytes)
    return finding(
      ctx,
      label,
      0,
      'high',
      'scan.too_large',
      `${size} bytes is over the ${ctx.maxFileBytes}-byte limit; not scanned`,
    );
  if (kind === 'other' && size > BIG_UNKNOWN && !PICKLE_START.has(head[0]))
    // cannot be a pickle from byte 0: search only the start for a hidden one instead of reading GBs
    return unrecognised(ctx, src, rec, await src.read(0, EMBEDDED_WINDOW));
  const buf = await src.read(0, size);
  if (kind === 'npy') {
    const r = checkNpy(buf);
    rec.opcodes = r.opcodes;
    return add(ctx, label, r.issues);
  }
  if (kind === 'hdf5') return kerasLambda(ctx, label, buf);
  if (kind === 'onnx') return add(ctx, label, checkOnnx(buf));
  if (
    kind === 'other' &&
    size >= 22 &&
    depth < MAX_DEPTH &&
    buf.includes(EOCD_SIG, Math.max(0, size - 65_557))
  ) {
    // A zip glued behind other bytes (a polyglot) still opens in zip readers that search from the end.
    // Its members are scanned, and the file goes on to be read as whatever else it may be.
    const list = await listZip(bufferSource(label, buf, false).read, size);
    if (list.ok && list.entries.length > 0) {
      const at = Math.min(...list.entries.map((e) => e.localOffset));
      finding(
        ctx,
        label,
        0,
        'medium',
        'scan.zip_prefix',
        `zip archive behind ${at} other byte(s) (polyglot file)`,
      );
      await scanZipEntries(src, list.entries, ctx, depth, rec);
    }
  }
  const s = readStream(buf, 0);
  rec.opcodes = s.opcodes;
  if (s.isPickle) {
    rec.format = s.format;
    return add(ctx, label, s.issues);
  }
  if (isText(buf)) {
    rec.format = 'text';
    kerasLambda(ctx, label, buf);
    if (src.top)
      finding(
        ctx,
        label,
        0,
        'info',
        'scan.text_file',
        'text file: not a model format; source code in it is not judged',
      );
    return;
  }
  unrecognised(ctx, src, rec, buf);
}

/** Unrecognised binary: look for pickles hidden behind a prefix, then report the file itself. */
function unrecognised(ctx: Ctx, src: Source, rec: ScannedFile, buf: Buffer): void {
  const label = src.label;
  let hits = 0;
  for (let i = buf.indexOf(0x80, 1); i >= 0 && hits < MAX_EMBEDDED; i = buf.indexOf(0x80, i + 1)) {
    if (i + 1 >= buf.length || buf[i + 1] < 2 || buf[i + 1] > 5) continue;
    hits++;
    const e = readStream(buf, i);
    rec.opcodes += e.opcodes;
    if (e.isPickle && e.issues.length > 0) {
      finding(
        ctx,
        label,
        i,
        'high',
        'scan.embedded_pickle',
        `a pickle starts at byte ${i} behind unrecognised bytes (custom loaders seek to it)`,
      );
      add(ctx, label, e.issues);
      break;
    }
  }
  if (src.top)
    finding(
      ctx,
      label,
      0,
      'medium',
      'scan.unrecognised',
      'not a known model format (pickle, zip, npy, safetensors, GGUF, ONNX, HDF5, tar); reported, not passed',
    );
}

async function scanArchive(
  src: Source,
  kind: 'zip' | 'tar',
  ctx: Ctx,
  depth: number,
  rec: ScannedFile,
): Promise<void> {
  if (depth >= MAX_DEPTH)
    return finding(
      ctx,
      src.label,
      0,
      'high',
      'scan.nesting',
      `archive nested more than ${MAX_DEPTH} deep; not scanned`,
    );
  if (kind === 'tar') return scanTar(src, ctx, depth);
  const list = await listZip(src.read, src.size);
  if (!list.ok) return finding(ctx, src.label, 0, 'high', 'scan.zip_invalid', list.error);
  return scanZipEntries(src, list.entries, ctx, depth, rec);
}

async function scanZipEntries(
  src: Source,
  entries: ZipEntry[],
  ctx: Ctx,
  depth: number,
  rec: ScannedFile,
): Promise<void> {
  for (const ent of entries) {
    const name = `${src.label}!${ent.name}`;
    if (ent.name.endsWith('/') && ent.size === 0) continue;
    // a member over the per-member limit is refused unread (scan.zip_member), so it spends no bytes
    if (!admit(ctx, src.label, ent.cdOffset, Math.min(ent.size, ctx.maxMemberBytes))) return;
    // The directory's size can lie: inflating stops at what is left of the budget, too.
    const left = ctx.maxArchiveBytes - ctx.archive.bytes;
    const m = await readMember(src.read, src.size, ent, Math.min(ctx.maxMemberBytes, left));
    if (!m.ok) {
      if (m.overLimit && left < ctx.maxMemberBytes)
        return void stop(
          ctx,
          src.label,
          ent.cdOffset,
          `members inflate to more than ${ctx.maxArchiveBytes} bytes`,
        );
      finding(ctx, name, ent.cdOffset, 'high', 'scan.zip_member', m.error);
      continue;
    }
    ctx.archive.bytes += m.data.length;
    const before = ctx.files.length;
    await scanSource(bufferSource(name, m.data, false), ctx, depth + 1);
    for (let i = before; i < ctx.files.length; i++) rec.opcodes += ctx.files[i].opcodes;
  }
}

async function scanTar(src: Source, ctx: Ctx, depth: number): Promise<void> {
  let pos = 0;
  for (let k = 0; k < 1_000_000 && pos + 512 <= src.size; k++) {
    const h = await src.read(pos, 512);
    if (h.every((b) => b === 0)) return;
    const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const size = parseInt(h.toString('latin1', 124, 136).replace(/[\0 ]/g, '') || '0', 8);
    const type = String.fromCharCode(h[156]);
    if (!Number.isSafeInteger(size) || pos + 512 + size > src.size)
      return finding(ctx, src.label, pos, 'high', 'scan.tar_invalid', `tar header at ${pos} is damaged`);
    if (type === '0' || type === '\0') {
      if (!admit(ctx, src.label, pos, Math.min(size, ctx.maxMemberBytes))) return;
      if (size <= ctx.maxMemberBytes) ctx.archive.bytes += size;
      if (size > ctx.maxMemberBytes)
        finding(ctx, `${src.label}!${name}`, pos, 'high', 'scan.too_large', 'member over the scan limit');
      else
        await scanSource(
          bufferSource(`${src.label}!${name}`, await src.read(pos + 512, size), false),
          ctx,
          depth + 1,
        );
    } else if (type === '1' || type === '2')
      finding(
        ctx,
        `${src.label}!${name}`,
        pos,
        'medium',
        'scan.tar_link',
        'link inside a tar archive (can point outside the model folder)',
      );
    pos += 512 + Math.ceil(size / 512) * 512;
  }
}
