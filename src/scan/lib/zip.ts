// Zip reading the way PyTorch's loader tolerates it: members found through the central directory
// (zip64 included), CRCs not enforced, names not trusted; read by ranges so multi-GB archives are not
// loaded whole.

import { inflateRawSync } from 'node:zlib';

export type ReadAt = (pos: number, len: number) => Promise<Buffer>;

export interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  localOffset: number;
  /** Offset of the central-directory record, for findings about the entry itself. */
  cdOffset: number;
}

export type ZipList = { ok: true; entries: ZipEntry[] } | { ok: false; error: string };

const EOCD_SIG = Buffer.from('PK\x05\x06', 'latin1');
const MAX_ENTRIES = 1_000_000;

/** List the central directory of a zip of `size` bytes. */
export async function listZip(read: ReadAt, size: number): Promise<ZipList> {
  const tailLen = Math.min(size, 65_557);
  const tail = await read(size - tailLen, tailLen);
  const e = tail.length >= 22 ? tail.lastIndexOf(EOCD_SIG, tail.length - 22) : -1;
  if (e < 0) return { ok: false, error: 'no end-of-central-directory record' };
  let count = tail.readUInt16LE(e + 10);
  let cdSize = tail.readUInt32LE(e + 12);
  let cdOff = tail.readUInt32LE(e + 16);
  const eocdAbs = size - tailLen + e;
  if (count === 0xffff || cdSize === 0xffffffff || cdOff === 0xffffffff) {
    if (eocdAbs < 20) return { ok: false, error: 'zip64 locator missing' };
    const loc = await read(eocdAbs - 20, 20);
    if (loc.readUInt32LE(0) !== 0x07064b50) return { ok: false, error: 'zip64 locator missing' };
    const z64 = Number(loc.readBigUInt64LE(8));
    if (z64 + 56 > size) return { ok: false, error: 'zip64 record past end of file' };
    const rec = await read(z64, 56);
    if (rec.readUInt32LE(0) !== 0x06064b50) return { ok: false, error: 'bad zip64 end record' };
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOff = Number(rec.readBigUInt64LE(48));
  }
  // Archives with a prefix (self-extracting, or bytes glued in front) shift every offset.
  const shift = eocdAbs - cdSize - cdOff > 0 ? eocdAbs - cdSize - cdOff : 0;
  if (count > MAX_ENTRIES || cdOff + shift + cdSize > size)
    return { ok: false, error: 'central directory past end of file' };
  const cd = await read(cdOff + shift, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50) {
    const nlen = cd.readUInt16LE(p + 28);
    const xlen = cd.readUInt16LE(p + 30);
    const clen = cd.readUInt16LE(p + 32);
    const ent: ZipEntry = {
      name: cd.toString('utf8', p + 46, Math.min(cd.length, p + 46 + nlen)),
      method: cd.readUInt16LE(p + 10),
      compressed: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
      cdOffset: cdOff + shift + p,
    };
    // zip64 extended information: only the fields whose 32-bit value is saturated are present
    let x = p + 46 + nlen;
    const xend = Math.min(cd.length, x + xlen);
    while (x + 4 <= xend) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        const take = (): number => {
          const v = q + 8 <= xend ? Number(cd.readBigUInt64LE(q)) : 0;
          q += 8;
          return v;
        };
        if (ent.size === 0xffffffff) ent.size = take();
        if (ent.compressed === 0xffffffff) ent.compressed = take();
        if (ent.localOffset === 0xffffffff) ent.localOffset = take();
      }
      x += 4 + len;
    }
    ent.localOffset += shift;
    entries.push(ent);
    p += 46 + nlen + xlen + clen;
  }
  if (entries.length !== count && count !== 0xffff)
    return { ok: false, error: `central directory lists ${entries.length} of ${count} entries` };
  return { ok: true, entries };
}

/** `overLimit`: the member is (or inflates to) more than the `maxBytes` it was read with. */
export type MemberRead =
  { ok: true; data: Buffer; dataOffset: number } | { ok: false; error: string; overLimit?: boolean };

/** Read and (for deflate) inflate one member; sizes come from the central directory, so data descriptors are fine. */
export async function readMember(
  read: ReadAt,
  size: number,
  ent: ZipEntry,
  maxBytes: number,
): Promise<MemberRead> {
  if (ent.localOffset + 30 > size) return { ok: false, error: 'local header past end of file' };
  const lh = await read(ent.localOffset, 30);
  if (lh.readUInt32LE(0) !== 0x04034b50) return { ok: false, error: 'no local header at the listed offset' };
  const dataOffset = ent.localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  if (dataOffset + ent.compressed > size) return { ok: false, error: 'member data past end of file' };
  if (ent.size > maxBytes)
    return {
      ok: false,
      error: `member of ${ent.size} bytes is over the ${maxBytes}-byte scan limit`,
      overLimit: true,
    };
  const raw = await read(dataOffset, ent.compressed);
  if (ent.method === 0) return { ok: true, data: raw, dataOffset };
  if (ent.method === 8) {
    try {
      return { ok: true, data: inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes) }), dataOffset };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        return {
          ok: false,
          error: `member inflates past the ${maxBytes}-byte scan limit (its directory entry says ${ent.size})`,
          overLimit: true,
        };
      return { ok: false, error: `deflate: ${(e as Error).message}` };
    }
  }
  return { ok: false, error: `compression method ${ent.method} is not supported` };
}
