// Zip bombs built from many members, each under the per-member limit, must stop at the per-file budget
// with a finding (fail closed) rather than being inflated and scanned without end.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { crc32, deflateRawSync } from 'node:zlib';
import { scanPath } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'parapet-scan-archive-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Member {
  name: string;
  data: Buffer;
  deflate?: boolean;
  /** Uncompressed size written in the headers, when it should lie. */
  declared?: number;
}

/** A minimal zip writer (local headers, central directory, end record). */
function zip(members: Member[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let off = 0;
  for (const m of members) {
    const body = m.deflate ? deflateRawSync(m.data) : m.data;
    const name = Buffer.from(m.name);
    const size = m.declared ?? m.data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(m.deflate ? 8 : 0, 8);
    lh.writeUInt32LE(crc32(m.data), 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(m.deflate ? 8 : 0, 10);
    cd.writeUInt32LE(crc32(m.data), 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(off, 42);
    parts.push(lh, name, body);
    central.push(cd, name);
    off += 30 + name.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(members.length, 8);
  eocd.writeUInt16LE(members.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(off, 16);
  return Buffer.concat([...parts, cdBuf, eocd]);
}

/** A benign protocol-2 pickle of an empty dict. */
const BENIGN = Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]);
/** A protocol-0 pickle that calls os.system. */
const EVIL = Buffer.from("cos\nsystem\n(S'id'\ntR.", 'latin1');

/** `n` members of 1 MiB of zeros, deflated to about a kilobyte each: under any per-member limit. */
function zeros(n: number, declared?: number): Member[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `z${i}`,
    data: Buffer.alloc(2 ** 20),
    deflate: true,
    declared,
  }));
}

function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

test('stops at the member limit with a high finding and scans no member past it', async () => {
  const members = Array.from({ length: 40 }, (_, i) => ({ name: `m${i}.pkl`, data: BENIGN }));
  const r = await scanPath(write('many.zip', zip(members)), { maxArchiveMembers: 10 });
  const hit = r.findings.filter((f) => f.rule === 'scan.archive_limit');
  assert.equal(hit.length, 1);
  assert.equal(hit[0]!.severity, 'high');
  assert.match(hit[0]!.message, /more than 10 archive members/);
  assert.equal(r.files.filter((f) => f.file.includes('!')).length, 10);
  assert.equal(r.worst, 'high');
});

test('the same archive under the default limits passes clean', async () => {
  const members = Array.from({ length: 40 }, (_, i) => ({ name: `m${i}.pkl`, data: BENIGN }));
  const r = await scanPath(write('many-ok.zip', zip(members)));
  assert.equal(r.findings.length, 0);
  assert.equal(r.files.filter((f) => f.file.includes('!')).length, 40);
});

test('stops when inflated members add up past the byte budget', async () => {
  const r = await scanPath(write('bomb.zip', zip(zeros(8))), { maxArchiveBytes: 3 * 2 ** 20 });
  const hit = r.findings.filter((f) => f.rule === 'scan.archive_limit');
  assert.equal(hit.length, 1);
  assert.match(hit[0]!.message, new RegExp(`more than ${3 * 2 ** 20} bytes`));
  assert.equal(r.files.filter((f) => f.file.includes('!')).length, 3);
});

test('counts what a member really inflates to, not the size its directory entry claims', async () => {
  const r = await scanPath(write('liar.zip', zip(zeros(4, 10))), { maxArchiveBytes: 2 ** 20 + 2 ** 19 });
  assert.equal(r.findings.filter((f) => f.rule === 'scan.archive_limit').length, 1);
  assert.equal(r.files.filter((f) => f.file.includes('!')).length, 1);
});

test('a member over the per-member limit is refused unread and spends none of the byte budget', async () => {
  const members = [
    { name: 'huge', data: Buffer.alloc(2 ** 20), deflate: true },
    { name: 'a.pkl', data: BENIGN },
    { name: 'b.pkl', data: BENIGN },
  ];
  const r = await scanPath(write('oversize.zip', zip(members)), {
    maxMemberBytes: 1000,
    maxArchiveBytes: 1500,
  });
  assert.ok(r.findings.some((f) => f.rule === 'scan.zip_member' && f.file.endsWith('!huge')));
  assert.equal(r.findings.filter((f) => f.rule === 'scan.archive_limit').length, 0);
  assert.equal(r.files.filter((f) => f.file.includes('!')).length, 2);
});

test('nested archives share the budget of the file that holds them', async () => {
  const inner = zip(Array.from({ length: 6 }, (_, i) => ({ name: `i${i}.pkl`, data: BENIGN })));
  const outer = zip(Array.from({ length: 6 }, (_, i) => ({ name: `inner${i}.zip`, data: inner })));
  const r = await scanPath(write('nested.zip', outer), { maxArchiveMembers: 20 });
  assert.equal(r.findings.filter((f) => f.rule === 'scan.archive_limit').length, 1);
  assert.equal(r.files.filter((f) => f.file.includes('!')).length, 20);
});

test('the budget is per file: each file of a folder gets its own', async () => {
  const sub = mkdtempSync(join(dir, 'folder-'));
  const members = Array.from({ length: 5 }, (_, i) => ({ name: `m${i}.pkl`, data: BENIGN }));
  writeFileSync(join(sub, 'a.zip'), zip(members));
  writeFileSync(join(sub, 'b.zip'), zip(members));
  const r = await scanPath(sub, { maxArchiveMembers: 5 });
  assert.equal(r.findings.length, 0);
  assert.equal(r.files.filter((f) => f.file.includes('!')).length, 10);
});

test('a malicious member before the limit is still reported, and tar members count too', async () => {
  const members = [
    { name: 'evil.pkl', data: EVIL },
    ...Array.from({ length: 5 }, (_, i) => ({ name: `m${i}`, data: BENIGN })),
  ];
  const r = await scanPath(write('evil.zip', zip(members)), { maxArchiveMembers: 3 });
  assert.ok(r.findings.some((f) => f.rule !== 'scan.archive_limit' && f.module === 'os'));
  assert.ok(r.findings.some((f) => f.rule === 'scan.archive_limit'));

  const tar = Buffer.alloc(512 * 2 * 4 + 1024);
  for (let i = 0; i < 4; i++) {
    const h = tar.subarray(i * 1024, i * 1024 + 512);
    h.write(`t${i}.pkl`, 0, 'utf8');
    h.write('0000644\0', 100, 'latin1');
    h.write(`${BENIGN.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    h.write('0', 156, 'latin1');
    h.write('ustar\0', 257, 'latin1');
    BENIGN.copy(tar, i * 1024 + 512);
  }
  const t = await scanPath(write('four.tar', tar), { maxArchiveMembers: 2 });
  assert.equal(t.findings.filter((f) => f.rule === 'scan.archive_limit').length, 1);
  assert.equal(t.files.filter((f) => f.file.includes('!')).length, 2);
});
