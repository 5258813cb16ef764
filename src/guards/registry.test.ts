import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverGuards, loadGuards } from './registry.ts';

test('discovers every guard folder, and no helper folder', () => {
  const names = [...discoverGuards().keys()];
  for (const n of ['canary', 'exfiltration', 'secrets', 'unicode', 'validation'])
    assert.ok(names.includes(n), n);
  assert.ok(!names.includes('lib'));
});

test('loads configured guards in config order with framework options applied', async () => {
  const r = await loadGuards({
    unicode: null,
    secrets: { action: 'flag', roles: { admin: 'mask' }, on_error: 'allow', stages: ['input'] },
  });
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.deepEqual(
    r.value.map((g) => g.name),
    ['unicode', 'secrets'],
  );
  const s = r.value[1]!;
  assert.equal(s.action, 'flag');
  assert.equal(s.onError, 'allow');
  assert.deepEqual([...s.stages], ['input']);
  assert.equal(r.value[0]!.action, 'mask');
});

test('a guard listed as false is off; a stage the guard does not support is an error', async () => {
  const off = await loadGuards({ secrets: false });
  assert.ok(off.ok && off.value.length === 0);
  const bad = await loadGuards({ validation: { stages: ['output'] } });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.equal(bad.error, 'guards.validation.stages: validation does not run on output');
});

test('a wrongly typed guard option names the path', async () => {
  const r = await loadGuards({ secrets: { min_entropy: 'high' } });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error, 'guards.secrets.min_entropy: expected number, received string');
});

test('every configuration example in docs/guards.md loads', async () => {
  const { readFileSync } = await import('node:fs');
  const { parse } = await import('yaml');
  const page = readFileSync(new URL('../../docs/guards.md', import.meta.url), 'utf8');
  const blocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.length >= 2);
  for (const block of blocks) {
    const doc = parse(block) as {
      guards?: Record<string, unknown>;
      models?: { guards?: Record<string, unknown> }[];
    };
    const configs = [doc.guards, ...(doc.models ?? []).map((m) => m.guards)].filter((c) => c !== undefined);
    assert.ok(configs.length > 0, `a yaml example without guards: ${block.slice(0, 60)}`);
    for (const config of configs) {
      const r = await loadGuards(config);
      assert.ok(r.ok, r.ok ? '' : r.error);
    }
  }
});
