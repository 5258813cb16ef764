// A minimal Parquet reader for small flat files (as Hugging Face exports them): the Thrift compact
// footer, data pages v1 and v2, PLAIN and dictionary encodings, RLE/bit-packed levels, uncompressed or
// Snappy pages. Flat required or optional columns of BYTE_ARRAY, INT32, INT64 and BOOLEAN only; anything
// else throws. Enough to read deepset/prompt-injections without a dependency.

type Thrift = Map<number, unknown>;

class Reader {
  pos = 0;
  readonly buf: Buffer;
  constructor(buf: Buffer) {
    this.buf = buf;
  }
  byte(): number {
    return this.buf[this.pos++]!;
  }
  varint(): bigint {
    let shift = 0n;
    let out = 0n;
    for (;;) {
      const b = this.byte();
      out |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return out;
      shift += 7n;
    }
  }
  zigzag(): bigint {
    const v = this.varint();
    return (v >> 1n) ^ -(v & 1n);
  }
}

/** Reads one Thrift compact struct: field id → value (structs as Maps, lists as arrays). */
function readStruct(r: Reader): Thrift {
  const out: Thrift = new Map();
  let last = 0;
  for (;;) {
    const head = r.byte();
    if (head === 0) return out;
    const type = head & 0x0f;
    const delta = head >> 4;
    const id = delta === 0 ? Number(r.zigzag()) : last + delta;
    last = id;
    out.set(id, readValue(r, type));
  }
}

function readValue(r: Reader, type: number): unknown {
  switch (type) {
    case 1:
      return true;
    case 2:
      return false;
    case 3:
      return r.byte();
    case 4:
    case 5:
    case 6:
      return r.zigzag();
    case 7: {
      const v = r.buf.readDoubleLE(r.pos);
      r.pos += 8;
      return v;
    }
    case 8: {
      const n = Number(r.varint());
      const v = r.buf.subarray(r.pos, r.pos + n);
      r.pos += n;
      return v;
    }
    case 9:
    case 10: {
      const head = r.byte();
      const n = head >> 4 === 15 ? Number(r.varint()) : head >> 4;
      const et = head & 0x0f;
      const list: unknown[] = [];
      for (let i = 0; i < n; i++) list.push(et === 1 || et === 2 ? r.byte() === 1 : readValue(r, et));
      return list;
    }
    case 12:
      return readStruct(r);
    default:
      throw new Error(`parquet: unsupported thrift type ${type}`);
  }
}

const num = (m: Thrift, id: number): number => Number(m.get(id) as bigint | number);
const str = (m: Thrift, id: number): string => (m.get(id) as Buffer).toString('utf8');

/** Snappy raw block decompression. */
export function unsnappy(src: Buffer): Buffer {
  const r = new Reader(src);
  const out = Buffer.alloc(Number(r.varint()));
  let o = 0;
  while (r.pos < src.length) {
    const tag = r.byte();
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >> 2;
      if (len >= 60) {
        const bytes = len - 59;
        len = src.readUIntLE(r.pos, bytes);
        r.pos += bytes;
      }
      len += 1;
      src.copy(out, o, r.pos, r.pos + len);
      r.pos += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      len = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | r.byte();
    } else {
      len = (tag >> 2) + 1;
      const bytes = kind === 2 ? 2 : 4;
      offset = src.readUIntLE(r.pos, bytes);
      r.pos += bytes;
    }
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset]!;
  }
  return out;
}

/** RLE / bit-packed hybrid run of `count` values of `width` bits. */
function readHybrid(buf: Buffer, start: number, end: number, width: number, count: number): number[] {
  const r = new Reader(buf);
  r.pos = start;
  const out: number[] = [];
  const bytes = Math.ceil(width / 8);
  while (out.length < count && r.pos < end) {
    const head = Number(r.varint());
    if ((head & 1) === 0) {
      const v = bytes === 0 ? 0 : buf.readUIntLE(r.pos, bytes);
      r.pos += bytes;
      for (let i = 0; i < head >> 1; i++) out.push(v);
    } else {
      const n = (head >> 1) * 8;
      let bit = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let b = 0; b < width; b++, bit++) v |= ((buf[r.pos + (bit >> 3)]! >> (bit & 7)) & 1) << b;
        out.push(v);
      }
      r.pos += (head >> 1) * width;
    }
  }
  return out.slice(0, count);
}

type Value = string | number | bigint | boolean | null;

function readPlain(buf: Buffer, pos: number, type: number, count: number): Value[] {
  const out: Value[] = [];
  for (let i = 0; i < count; i++) {
    if (type === 6) {
      const n = buf.readUInt32LE(pos);
      out.push(buf.toString('utf8', pos + 4, pos + 4 + n));
      pos += 4 + n;
    } else if (type === 1) {
      out.push(buf.readInt32LE(pos));
      pos += 4;
    } else if (type === 2) {
      out.push(buf.readBigInt64LE(pos));
      pos += 8;
    } else if (type === 0) {
      out.push(((buf[pos + (i >> 3)]! >> (i & 7)) & 1) === 1);
    } else throw new Error(`parquet: unsupported physical type ${type}`);
  }
  return out;
}

interface Column {
  readonly name: string;
  readonly type: number;
  readonly optional: boolean;
}

function decompress(codec: number, data: Buffer): Buffer {
  if (codec === 0) return data;
  if (codec === 1) return unsnappy(data);
  throw new Error(`parquet: unsupported codec ${codec}`);
}

function readChunk(file: Buffer, meta: Thrift, col: Column): Value[] {
  const codec = num(meta, 4);
  const total = num(meta, 5);
  const dictOff = meta.has(11) ? num(meta, 11) : undefined;
  const r = new Reader(file);
  r.pos = dictOff ?? num(meta, 9);
  let dict: Value[] = [];
  const out: Value[] = [];
  while (out.length < total) {
    const header = readStruct(r);
    const pageType = num(header, 1);
    const compressedSize = num(header, 3);
    const raw = file.subarray(r.pos, r.pos + compressedSize);
    r.pos += compressedSize;
    if (pageType === 2) {
      const dh = header.get(7) as Thrift;
      dict = readPlain(decompress(codec, raw), 0, col.type, num(dh, 1));
      continue;
    }
    let values: Buffer;
    let defs: number[];
    let n: number;
    let encoding: number;
    if (pageType === 0) {
      const dh = header.get(5) as Thrift;
      n = num(dh, 1);
      encoding = num(dh, 2);
      const page = decompress(codec, raw);
      let pos = 0;
      if (col.optional) {
        const len = page.readUInt32LE(0);
        defs = readHybrid(page, 4, 4 + len, 1, n);
        pos = 4 + len;
      } else defs = new Array<number>(n).fill(1);
      values = page.subarray(pos);
    } else if (pageType === 3) {
      const dh = header.get(8) as Thrift;
      n = num(dh, 1);
      encoding = num(dh, 4);
      const defLen = num(dh, 5);
      const repLen = num(dh, 6);
      const compressed = dh.get(7) !== false;
      defs = col.optional ? readHybrid(raw, repLen, repLen + defLen, 1, n) : new Array<number>(n).fill(1);
      const body = raw.subarray(repLen + defLen);
      values = compressed ? decompress(codec, body) : body;
    } else throw new Error(`parquet: unsupported page type ${pageType}`);
    const present = defs.filter((d) => d === 1).length;
    let vals: Value[];
    if (encoding === 0) vals = readPlain(values, 0, col.type, present);
    else if (encoding === 2 || encoding === 8) {
      vals = readHybrid(values, 1, values.length, values[0]!, present).map((i) => dict[i] ?? null);
    } else throw new Error(`parquet: unsupported encoding ${encoding}`);
    let k = 0;
    for (const d of defs) out.push(d === 1 ? vals[k++]! : null);
  }
  return out;
}

/** Every row of a flat Parquet file as column name → value. */
export function readParquet(file: Buffer): Record<string, Value>[] {
  if (file.toString('latin1', 0, 4) !== 'PAR1') throw new Error('parquet: not a Parquet file');
  const footerLen = file.readUInt32LE(file.length - 8);
  const r = new Reader(file);
  r.pos = file.length - 8 - footerLen;
  const meta = readStruct(r);
  const schema = meta.get(2) as Thrift[];
  const columns: Column[] = schema.slice(1).map((s) => {
    if (s.has(5) && num(s, 5) > 0) throw new Error('parquet: nested schemas are not supported');
    return { name: str(s, 4), type: num(s, 1), optional: num(s, 3) === 1 };
  });
  const rows: Record<string, Value>[] = [];
  for (const group of meta.get(4) as Thrift[]) {
    const chunks = group.get(1) as Thrift[];
    const cols = chunks.map((c, i) => readChunk(file, c.get(3) as Thrift, columns[i]!));
    const n = num(group, 3);
    for (let i = 0; i < n; i++) rows.push(Object.fromEntries(columns.map((c, j) => [c.name, cols[j]![i]!])));
  }
  return rows;
}
