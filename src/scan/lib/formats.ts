// Checks for the tensor formats that carry no code by design (safetensors, GGUF, .npy, ONNX) but can
// still smuggle it in (object arrays) or lie about their layout (overlapping or out-of-range tensors).

import type { PickleIssue } from './pickle.ts';
import { readStream } from './stream.ts';

export interface FormatResult {
  issues: PickleIssue[];
  opcodes: number;
}

const ST_DTYPE: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  F8_E8M0: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
  C64: 8,
  F4: 0.5,
  F6_E2M3: 0.75,
  F6_E3M2: 0.75,
};
/** The reference implementation refuses headers over 100 MB. */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

/** Validate a safetensors header against the file size: dtypes, shapes × dtype = byte ranges, no overlap, no gap, no trailing bytes. */
export function checkSafetensors(header: Buffer, fileSize: number): PickleIssue[] {
  const bad = (offset: number, message: string): PickleIssue[] => [
    { offset, severity: 'high', rule: 'scan.safetensors_invalid', message },
  ];
  let json: unknown;
  try {
    json = JSON.parse(header.toString('utf8'));
  } catch {
    return bad(8, 'header is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return bad(8, 'header is not a JSON object');
  const dataStart = 8 + header.length;
  const dataLen = fileSize - dataStart;
  const ranges: Array<[number, number, string]> = [];
  for (const [name, v] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof v !== 'object' || v === null || Object.values(v).some((x) => typeof x !== 'string'))
        return bad(8, '__metadata__ must map strings to strings');
      continue;
    }
    const t = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof t !== 'object' || t === null) return bad(8, `tensor ${name}: not an object`);
    const size = typeof t.dtype === 'string' ? ST_DTYPE[t.dtype] : undefined;
    if (size === undefined) return bad(8, `tensor ${name}: unknown dtype ${String(t.dtype)}`);
    const shape = t.shape;
    const offs = t.data_offsets;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      return bad(8, `tensor ${name}: shape must be non-negative integers`);
    if (
      !Array.isArray(offs) ||
      offs.length !== 2 ||
      !offs.every((d) => Number.isSafeInteger(d) && d >= 0) ||
      offs[1] < offs[0]
    )
      return bad(8, `tensor ${name}: data_offsets must be [begin, end]`);
    const elems = shape.reduce((a: number, d: number) => a * d, 1);
    if (elems * size !== offs[1] - offs[0])
      return bad(
        8,
        `tensor ${name}: shape ${JSON.stringify(shape)} × ${t.dtype} needs ${elems * size} bytes, offsets span ${offs[1] - offs[0]}`,
      );
    if (offs[1] > dataLen)
      return bad(8, `tensor ${name}: data_offsets end ${offs[1]} past the ${dataLen} data bytes`);
    ranges.push([offs[0], offs[1], name]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [b, e, name] of ranges) {
    if (b < at) return bad(dataStart + b, `tensor ${name} overlaps the previous tensor`);
    if (b > at) return bad(dataStart + at, `${b - at} unreferenced byte(s) before tensor ${name}`);
    at = e;
  }
  if (at !== dataLen) return bad(dataStart + at, `${dataLen - at} trailing byte(s) after the last tensor`);
  return [];
}

/** GGUF: magic, version 1–3, and tensor/metadata counts that the file could hold. */
export function checkGguf(head: Buffer, fileSize: number): PickleIssue[] {
  if (head.length < 24)
    return [{ offset: 0, severity: 'high', rule: 'scan.gguf_invalid', message: 'GGUF header truncated' }];
  const version = head.readUInt32LE(4);
  const tensors = head.readBigUInt64LE(8);
  const kvs = head.readBigUInt64LE(16);
  const out: PickleIssue[] = [];
  if (version < 1 || version > 3)
    out.push({
      offset: 4,
      severity: 'medium',
      rule: 'scan.gguf_invalid',
      message: `unknown GGUF version ${version}`,
    });
  // every tensor info and key/value takes well over 8 bytes
  if (tensors * 8n > BigInt(fileSize) || kvs * 8n > BigInt(fileSize))
    out.push({
      offset: 8,
      severity: 'high',
      rule: 'scan.gguf_invalid',
      message: `counts (${tensors} tensors, ${kvs} keys) cannot fit in ${fileSize} bytes`,
    });
  return out;
}

/** .npy: parse the header dict; object arrays ('O' dtype) carry a pickle body, which is interpreted. */
export function checkNpy(buf: Buffer): FormatResult {
  if (buf.length < 10)
    return {
      issues: [{ offset: 0, severity: 'high', rule: 'scan.npy_invalid', message: 'npy header truncated' }],
      opcodes: 0,
    };
  const major = buf[6];
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.length >= 12 ? buf.readUInt32LE(8) : -1;
  const hstart = major === 1 ? 10 : 12;
  if (hlen < 0 || hstart + hlen > buf.length)
    return {
      issues: [
        {
          offset: 8,
          severity: 'high',
          rule: 'scan.npy_invalid',
          message: 'npy header length past end of file',
        },
      ],
      opcodes: 0,
    };
  const header = buf.toString('latin1', hstart, hstart + hlen);
  const d = header.indexOf("'descr'");
  if (d < 0)
    return {
      issues: [
        { offset: hstart, severity: 'high', rule: 'scan.npy_invalid', message: 'npy header has no descr' },
      ],
      opcodes: 0,
    };
  const bodyAt = hstart + hlen;
  // Structured dtypes ([...]) can hold object fields anywhere: any 'O' type code in the header counts.
  const after = header.slice(
    d + 7,
    header.indexOf("'fortran_order'") > d ? header.indexOf("'fortran_order'") : header.length,
  );
  const objectish = /'[|<>=]?O\d{0,3}'/.test(after);
  if (!objectish) return { issues: [], opcodes: 0 };
  const s = readStream(buf, bodyAt);
  const issues = [...s.issues];
  if (!s.isPickle)
    issues.push({
      offset: bodyAt,
      severity: 'high',
      rule: 'scan.parse_error',
      message: 'object array body is not a pickle',
    });
  return { issues, opcodes: s.opcodes };
}

/** ONNX: external-data locations must stay inside the model folder (relative, no `..`, no drive). */
export function checkOnnx(buf: Buffer): PickleIssue[] {
  const out: PickleIssue[] = [];
  const key = Buffer.from('\x0a\x08location\x12', 'latin1');
  let i = buf.indexOf(key);
  while (i >= 0 && out.length < 100) {
    let len = 0;
    let shift = 0;
    let p = i + key.length;
    while (p < buf.length && shift < 35) {
      const b = buf[p++];
      len += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) break;
    }
    const path = buf.toString('utf8', p, Math.min(buf.length, p + len));
    const parts = path.split(/[\\/]/);
    if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path) || parts.includes('..'))
      out.push({
        offset: i,
        severity: 'critical',
        rule: 'scan.onnx_external_path',
        message: `external data location ${JSON.stringify(path)} escapes the model folder`,
      });
    i = buf.indexOf(key, p);
  }
  return out;
}

/** A cheap content test for an ONNX ModelProto: field 1 (ir_version) varint first, then a known field. */
export function looksLikeOnnx(buf: Buffer): boolean {
  return (
    buf.length > 16 &&
    buf[0] === 0x08 &&
    buf[1] > 0 &&
    buf[1] < 20 &&
    [0x12, 0x1a, 0x22, 0x2a, 0x32, 0x3a, 0x42].includes(buf[2])
  );
}
