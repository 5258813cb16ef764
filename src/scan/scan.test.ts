// Pins what individual findings say: rule, severity, offset and global, for each family and fail-closed rule.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { scanPath, toSarif } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'parapet-scan-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
async function scanBytes(bytes: Buffer) {
  const p = join(dir, `f${n++}`);
  writeFileSync(p, bytes);
  return scanPath(p);
}
const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const u = (s: string): string => `\x8c${String.fromCharCode(s.length)}${s}`;

test('reports the byte offset and the global of a protocol-0 GLOBAL that is called', async () => {
  const r = await scanBytes(b("N0cposix\nsystem\n(S'id'\ntR."));
  const f = r.findings.find((x) => x.rule === 'scan.dangerous_call');
  assert.ok(f);
  assert.equal(f.offset, 2);
  assert.equal(f.module, 'posix');
  assert.equal(f.name, 'system');
  assert.equal(f.severity, 'critical');
});

test('resolves STACK_GLOBAL operands fetched back from the memo with BINGET', async () => {
  const r = await scanBytes(b(`\x80\x04${u('os')}q\x010${u('system')}q\x020h\x01h\x02\x93${u('id')}\x85R.`));
  assert.ok(
    r.findings.some((f) => f.rule === 'scan.dangerous_call' && f.module === 'os' && f.name === 'system'),
  );
});

test('fails closed on a module name computed at load time and routed through the memo', async () => {
  const r = await scanBytes(
    b(`\x80\x04${u('codecs')}${u('decode')}\x93${u('bf')}${u('rot13')}\x86R\x94${u('system')}\x93.`),
  );
  assert.equal(r.worst, 'critical');
  assert.ok(r.findings.some((f) => f.rule === 'scan.computed_name'));
});

test('fails closed on a dotted name even inside an allow-listed module', async () => {
  const r = await scanBytes(b('\x80\x02ccollections\nOrderedDict.__init__.__globals__\n.'));
  assert.ok(r.findings.some((f) => f.rule === 'scan.dotted_name' && f.severity === 'critical'));
});

test('treats bytes after the last STOP that are not a pickle as a finding', async () => {
  const r = await scanBytes(b('\x80\x04K\x01.\x00\xffjunk'));
  const f = r.findings.find((x) => x.rule === 'scan.trailing_bytes');
  assert.ok(f);
  assert.equal(f.offset, 5);
});

test('reports an unknown opcode as a finding rather than passing the file', async () => {
  const r = await scanBytes(b('\x80\x02ccollections\nOrderedDict\n)R\xfe.'));
  assert.ok(r.findings.some((f) => f.rule === 'scan.unknown_opcode'));
});

test('scans the second pickle of a stream', async () => {
  const r = await scanBytes(b(`\x80\x04K\x01.\x80\x04${u('subprocess')}${u('run')}\x93${u('id')}\x85R.`));
  assert.ok(r.findings.some((f) => f.module === 'subprocess' && f.name === 'run' && f.offset === 24)); // the STACK_GLOBAL opcode;
});

test('passes allow-listed containers silently and rates a bare builtins reference low', async () => {
  const ok = await scanBytes(b('\x80\x02ccollections\nOrderedDict\n)R}b.'));
  assert.equal(ok.worst, null);
  const ref = await scanBytes(b('\x80\x02c__builtin__\ngetattr\n.'));
  assert.equal(ref.worst, 'low');
});

test('reports a file in a model folder that is no known format, whatever its extension', async () => {
  const sub = join(dir, 'model');
  mkdirSync(sub);
  writeFileSync(join(sub, 'weights.pt'), Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]));
  writeFileSync(join(sub, 'README.md'), '# a model\n');
  const r = await scanPath(sub);
  assert.equal(r.files.length, 2);
  const f = r.findings.find((x) => x.rule === 'scan.unrecognised');
  assert.ok(f?.file.endsWith('weights.pt'));
  assert.ok(!r.findings.some((x) => x.file.endsWith('README.md') && x.severity !== 'info'));
});

test('rejects a safetensors header whose shape does not match its byte range', async () => {
  const h = Buffer.from(JSON.stringify({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(h.length));
  const r = await scanBytes(Buffer.concat([len, h, Buffer.alloc(8)]));
  assert.ok(
    r.findings.some((f) => f.rule === 'scan.safetensors_invalid' && /needs 12 bytes/.test(f.message)),
  );
});

test('renders SARIF 2.1.0 with the rule, byte offset and global of each finding', async () => {
  const r = await scanBytes(b("cos\nsystem\n(S'id'\ntR."));
  const sarif = toSarif(r) as { version: string; runs: Array<{ results: Array<Record<string, unknown>> }> };
  assert.equal(sarif.version, '2.1.0');
  const res = sarif.runs[0].results.find((x) => x.ruleId === 'scan.dangerous_call') as {
    level: string;
    locations: Array<{ physicalLocation: { region: { byteOffset: number } } }>;
    properties: { global: string };
  };
  assert.equal(res.level, 'error');
  assert.equal(res.locations[0].physicalLocation.region.byteOffset, 0);
  assert.equal(res.properties.global, 'os.system');
});

test('keeps memo entries written at sparse keys and at dense keys apart', async () => {
  // key 9 first (sparse); MEMOIZE then uses len(memo): keys 1 and 2. BINGET 9 must still give "posix"
  const r = await scanBytes(
    b(`\x80\x04${u('posix')}q\x090${u('x')}\x94${u('system')}\x94h\x09h\x02\x93${u('id')}\x85R.`),
  );
  assert.ok(
    r.findings.some((f) => f.rule === 'scan.dangerous_call' && f.module === 'posix' && f.name === 'system'),
  );
});

test('reports a path it cannot read as a high finding instead of passing it', async () => {
  const r = await scanPath(join(dir, 'does-not-exist'));
  assert.equal(r.worst, 'high');
  assert.equal(r.findings[0].rule, 'scan.read_error');
});

test('names absolute paths in SARIF as file: URIs', async () => {
  const r = await scanBytes(b("cos\nsystem\n(S'id'\ntR."));
  const sarif = JSON.stringify(toSarif(r));
  assert.match(sarif, /"uri":"file:\/\/\//);
});

test('opens a zip glued behind other bytes and scans its members', async () => {
  const held = new URL('./fixtures/heldout/h_prefixed_zip.bin', import.meta.url).pathname;
  const r = await scanPath(held);
  assert.ok(r.findings.some((f) => f.rule === 'scan.zip_prefix' && /behind 64 other byte/.test(f.message)));
  assert.ok(r.findings.some((f) => f.file.endsWith('!w.pkl') && f.rule === 'scan.dangerous_call'));
});

test('fails closed on a STACK_GLOBAL name spelled with escapes in a protocol-0 string', async () => {
  const r = await scanBytes(b("S'o\\x73'\nS'system'\n\x93S'id'\n\x85R."));
  assert.ok(r.findings.some((f) => f.rule === 'scan.escaped_name' && f.severity === 'critical'));
});
