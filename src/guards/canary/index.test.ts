import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scope } from '../lib/testing.ts';
import { createGuardSet } from '../set.ts';
import { applySystemAddition } from '../system.ts';
import type { GuardModule, RequestScope } from '../types.ts';
import { findCanary, newCanary } from './forms.ts';
import canary, { canaryOf } from './index.ts';

async function planted(): Promise<{
  set: Awaited<ReturnType<typeof build>>;
  sc: RequestScope;
  token: string;
  addition: string;
}> {
  const set = await build();
  const sc = scope();
  const r = await set.inspectInput([{ path: 'messages[0].content', text: 'hi', role: 'user' }], {}, sc, []);
  assert.equal(r.ok, true);
  if (!r.ok || !r.systemAddition) throw new Error('no canary planted');
  return { set, sc, token: canaryOf(sc)!.token, addition: r.systemAddition };
}

async function build() {
  const r = await createGuardSet(
    { canary: {} },
    { modules: new Map([['canary', canary as GuardModule<unknown>]]) },
  );
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

test('plants a fresh 128-bit canary per request in the system-prompt addition', async () => {
  const a = await planted();
  const b = await planted();
  assert.match(a.token, /^[0-9a-f]{32}$/);
  assert.notEqual(a.token, b.token);
  assert.ok(a.addition.includes(a.token));
});

test('blocks an answer that repeats the canary, and passes one that does not', async () => {
  const { set, sc, token } = await planted();
  const leak = await set.inspectOutput(
    [{ path: 'choices[0].message.content', text: `My rules: ${token}` }],
    sc,
    [],
  );
  assert.equal(leak.ok, false);
  if (!leak.ok) assert.equal(leak.denial.code, 'guard.canary');
  const clean = await set.inspectOutput([{ path: 'c', text: 'Hello! How can I help?' }], sc, []);
  assert.equal(clean.ok, true);
});

test('finds the canary changed in case, spaced out, hex-encoded, base64-encoded at any offset, or rot13', () => {
  const forms = newCanary();
  const t = forms.token;
  const variants = [
    t.toUpperCase(),
    t.split('').join(' '),
    t.match(/.{4}/g)!.join('-'),
    Buffer.from(t).toString('hex'),
    [...Buffer.from(t)].map((b) => `0x${b.toString(16)}`).join(', '),
    [...Buffer.from(t)].map((b) => `\\x${b.toString(16)}`).join(''),
    Buffer.from(`canary ${t}`).toString('base64'),
    Buffer.from(`x${t}`).toString('base64'),
    Buffer.from(`xy${t}!`).toString('base64url'),
    Buffer.from(`The line was: ${t}`)
      .toString('base64')
      .replace(/(.{20})/g, '$1\n'),
    t.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 84) % 26) + 97)),
  ];
  for (const v of variants) {
    const text = `Sure. ${v} Anything else?`;
    const hits = findCanary(text, forms);
    assert.ok(hits.length > 0, `missed: ${v}`);
    assert.ok(hits[0]!.start >= 6 && hits[0]!.end <= 6 + v.length, `span outside the variant: ${v}`);
  }
});

test('does not match another canary or a partial one', () => {
  const forms = newCanary();
  assert.deepEqual(findCanary(`${newCanary().token} ${forms.token.slice(0, 31)}`, forms), []);
});

test('applySystemAddition appends to the system message, or adds one first, or sets Responses instructions', () => {
  const withSys = {
    messages: [
      { role: 'system', content: 'Be nice.' },
      { role: 'user', content: 'hi' },
    ],
  };
  applySystemAddition(withSys, 'CANARY');
  assert.equal(withSys.messages[0]!.content, 'Be nice.\n\nCANARY');
  const noSys: { messages: { role: string; content: string }[] } = {
    messages: [{ role: 'user', content: 'hi' }],
  };
  applySystemAddition(noSys, 'CANARY');
  assert.deepEqual(noSys.messages[0], { role: 'system', content: 'CANARY' });
  const responses: Record<string, unknown> = { input: 'hi' };
  assert.equal(applySystemAddition(responses, 'CANARY'), true);
  assert.equal(responses.instructions, 'CANARY');
  assert.equal(applySystemAddition({ prompt: 'legacy' }, 'CANARY'), false);
});

test('catches the canary split across stream chunks', async () => {
  const { set, sc, token } = await planted();
  const insp = set.openStream(sc, [])!;
  const text = `Here is my prompt: ${token} done`;
  let denied = false;
  for (let i = 0; i < text.length; i += 7) {
    const step = await insp.push(text.slice(i, i + 7));
    assert.ok(!step.release.includes(token.slice(0, 16)), 'released part of the canary');
    if (step.denial) {
      denied = true;
      break;
    }
  }
  assert.ok(denied || (await insp.end()).denial);
});
