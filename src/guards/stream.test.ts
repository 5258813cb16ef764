import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeGuard, modules, scope, wordCheck } from './lib/testing.ts';
import { createGuardSet } from './set.ts';

// A generous budget: these tests are about what is held back, not about time, and on a loaded machine
// the default budget can expire (failing closed), which would hold everything back.
async function discovered(config: Record<string, unknown>) {
  const r = await createGuardSet(config, { budgetMs: 60_000 });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

test('a secret split across three chunks is caught before any of it is released', async () => {
  const set = await discovered({ secrets: { action: 'block' } });
  const insp = set.openStream(scope(), [])!;
  const key = `ghp_${'Zq3xW8vB1nM4kL7jH2gF5dS9aP0oI6uY3tR1'}`;
  const chunks = ['Sure, here it is: gh', key.slice(2, 20), `${key.slice(20)} and you are done.`];
  let released = '';
  let denial: unknown;
  for (const c of chunks) {
    const step = await insp.push(c);
    released += step.release;
    if (step.denial) {
      denial = step.denial;
      assert.equal(step.findings[0]?.type, 'github_token');
      assert.equal(step.findings[0]?.stage, 'output_stream');
      break;
    }
  }
  assert.equal((denial as { code: string } | undefined)?.code, 'guard.secrets');
  assert.ok(!released.includes('ghp_'), 'part of the token was released');
  // Once denied, the stream stays denied.
  assert.equal((await insp.push('more')).denial, denial);
  assert.equal((await insp.end()).denial, denial);
});

test('release never holds back more than window - 1 characters, and end() releases the rest', async () => {
  const set = await discovered({ secrets: {}, exfiltration: {}, canary: {} });
  const insp = set.openStream(scope(), [])!;
  const text = 'The quick brown fox jumps over the lazy dog. '.repeat(200);
  let released = '';
  let fed = 0;
  for (let i = 0; i < text.length; i += 13) {
    const d = text.slice(i, i + 13);
    fed += d.length;
    const step = await insp.push(d);
    assert.equal(step.denial, undefined);
    released += step.release;
    assert.ok(fed - released.length <= insp.window - 1, `held ${fed - released.length} > ${insp.window - 1}`);
  }
  released += (await insp.end()).release;
  assert.equal(released, text);
});

test('a mask in a stream replaces a span split across chunks; rewrite() puts it in the chunk where it starts', async () => {
  const r = await createGuardSet(
    { pii: { action: 'mask' } },
    { modules: modules(fakeGuard('pii', wordCheck('alice'), { streamWindow: 16 })) },
  );
  if (!r.ok) throw new Error(r.error);
  const insp = r.value.openStream(scope(), [])!;
  const deltas = ['hello ali', 'ce! and al', 'ice again, ', 'goodbye and thanks for all the fish'];
  let released = '';
  let through = 0;
  const findings = [];
  for (const d of deltas) {
    const step = await insp.push(d);
    assert.equal(step.denial, undefined);
    released += step.release;
    assert.ok(step.through >= through);
    through = step.through;
    findings.push(...step.findings);
  }
  const end = await insp.end();
  released += end.release;
  findings.push(...end.findings);
  assert.equal(released, 'hello [WORD]! and [WORD] again, goodbye and thanks for all the fish');
  assert.ok(findings.every((f) => f.action === 'mask'));
  // The gateway rewrites each upstream chunk by its offset in the original answer.
  let at = 0;
  const rewritten = deltas.map((d) => {
    const out = insp.rewrite(at, d);
    at += d.length;
    return out;
  });
  assert.deepEqual(rewritten, ['hello [WORD]', '! and [WORD]', ' again, ', deltas[3]]);
});

test('flag findings in a stream are reported once with offsets in the whole answer', async () => {
  const r = await createGuardSet(
    { pii: { action: 'flag' } },
    { modules: modules(fakeGuard('pii', wordCheck('bob'), { streamWindow: 8 })) },
  );
  if (!r.ok) throw new Error(r.error);
  const insp = r.value.openStream(scope(), [])!;
  const findings = [];
  let released = '';
  for (const d of ['hi bo', 'b, hello ', 'there bob', '!']) {
    const s = await insp.push(d);
    released += s.release;
    findings.push(...s.findings);
  }
  const e = await insp.end();
  released += e.release;
  findings.push(...e.findings);
  assert.equal(released, 'hi bob, hello there bob!');
  assert.deepEqual(
    findings.map((f) => [f.start, f.end]),
    [
      [3, 6],
      [20, 23],
    ],
  );
});
