import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scope } from '../lib/testing.ts';
import { createGuardSet } from '../set.ts';
import type { RequestScope } from '../types.ts';
import { configSchema } from './config.ts';
import pii, { forget, openStreamRestorer, restore, streamRestorerWith } from './index.ts';

async function guardSet(options: Record<string, unknown> = {}) {
  const r = await createGuardSet({ pii: { action: 'mask', ...options } }, { budgetMs: 10_000 });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
const user = (text: string) => [{ path: 'messages[0].content', text, role: 'user' }];
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test('pseudonymises the input consistently and restores the originals in the answer', async () => {
  const set = await guardSet();
  const sc = scope('r-1');
  const text = 'Mail a@example.com or A@Example.com, call +1 415 555 2671 or (415) 555-2671; b@example.org.';
  const out = await set.inspectInput(user(text), {}, sc, []);
  assert.ok(out.ok);
  const masked = out.segments[0]!.text;
  assert.equal(masked, 'Mail <EMAIL_1> or <EMAIL_1>, call <PHONE_1> or <PHONE_1>; <EMAIL_2>.');
  const answer = 'I will write to <EMAIL_2> and <EMAIL_1>, then ring <PHONE_1>. <EMAIL_9> stays.';
  assert.equal(
    await restore(answer, sc),
    'I will write to b@example.org and a@example.com, then ring +1 415 555 2671. <EMAIL_9> stays.',
  );
});

test('restores a token split across stream chunks', async () => {
  const set = await guardSet();
  const sc = scope('r-2');
  await set.inspectInput(user('my card is 4111 1111 1111 1111 and mail x@example.com'), {}, sc, []);
  const r = await openStreamRestorer(sc);
  const chunks = ['Charged <CRED', 'IT_CA', 'RD_1> ', 'and wrote to <', 'EMAIL_1', '>', '. Done <', 'b'];
  const emitted = chunks.map((c) => r.push(c)).join('') + r.end();
  assert.equal(emitted, 'Charged 4111 1111 1111 1111 and wrote to x@example.com. Done <b');
});

test('the stream restorer releases text that cannot be a token at once', () => {
  const r = streamRestorerWith(new Map([['<EMAIL_1>', 'a@example.com']]));
  assert.equal(r.push('a < b and <em>'), 'a < b and <em>');
  assert.equal(r.push('x <EMAIL'), 'x ');
  assert.equal(r.end(), '<EMAIL');
});

test('another tenant cannot restore the tokens of a request with the same id', async () => {
  const set = await guardSet();
  const a: RequestScope = { ...scope('same-id'), tenant: 'acme', values: new Map() };
  await set.inspectInput(user('mail a@example.com'), {}, a, []);
  // A scope that carries tenant b's key but reuses a's state object would be a bug; build b's state
  // the way the gateway would: its own input stage, with nothing pseudonymised.
  const b: RequestScope = { ...scope('same-id'), tenant: 'globex', values: new Map() };
  await set.inspectInput(user('nothing personal'), {}, b, []);
  assert.equal(await restore('<EMAIL_1>', b), '<EMAIL_1>');
  // And a forged scope pointing tenant b at a's vault entry still reads only b's key.
  const state = a.values.get('pii.pseudonyms') as { vault: unknown; key: object };
  const forged: RequestScope = {
    ...b,
    values: new Map([['pii.pseudonyms', { ...state, key: { ...state.key, tenant: 'globex' } }]]),
  };
  assert.equal(await restore('<EMAIL_1>', forged), '<EMAIL_1>');
  assert.equal(await restore('<EMAIL_1>', a), 'a@example.com');
});

test('after the vault TTL the answer is no longer restored', async () => {
  const check = await pii.create(configSchema.parse({ vault_ttl_seconds: 1 }));
  const sc = scope('r-ttl');
  const ctl = new AbortController();
  await check({ stage: 'input', segments: user('a@example.com'), scope: sc, signal: ctl.signal });
  assert.equal(await restore('<EMAIL_1>', sc), 'a@example.com');
  await sleep(1100);
  assert.equal(await restore('<EMAIL_1>', sc), '<EMAIL_1>');
});

test('output findings are masked with the type, not a pseudonym', async () => {
  const set = await guardSet();
  const out = await set.inspectOutput(
    [{ path: 'c', text: 'reach me at z@example.net', role: 'assistant' }],
    scope(),
    [],
  );
  assert.ok(out.ok);
  assert.equal(out.segments[0]!.text, 'reach me at [EMAIL]');
});

test('without pseudonymisation the input is masked with the type', async () => {
  const set = await guardSet({ pseudonymise: false });
  const out = await set.inspectInput(user('IBAN GB82WEST12345698765432'), {}, scope(), []);
  assert.ok(out.ok);
  assert.equal(out.segments[0]!.text, 'IBAN [IBAN]');
});

test('a block action refuses with guard.pii and never echoes the value', async () => {
  const set = await guardSet({ action: 'block' });
  const out = await set.inspectInput(user('SSN 123-45-6789'), {}, scope(), []);
  assert.ok(!out.ok);
  assert.equal(out.denial.code, 'guard.pii');
  assert.ok(!JSON.stringify(out.denial).includes('6789'));
});

test('a stream with a phone number split over chunks is masked, never released in part', async () => {
  const set = await guardSet();
  const insp = set.openStream(scope(), []);
  assert.ok(insp);
  let released = '';
  for (const d of ['call me: +44 20 79', '46 0958 soon', '.']) {
    const step = await insp.push(d);
    assert.equal(step.denial, undefined);
    released += step.release;
  }
  released += (await insp.end()).release;
  assert.ok(released.startsWith('call me: ') && released.endsWith(' soon.'), released);
  assert.ok(!/\d/.test(released), `digits of the number were released: ${released}`);
});

test('rejects unknown types and regions with the option path', async () => {
  const r1 = await createGuardSet({ pii: { types: ['email', 'passport'] } });
  assert.ok(!r1.ok && r1.error.startsWith('guards.pii.types[1]'), !r1.ok ? r1.error : '');
  const r2 = await createGuardSet({ pii: { regions: ['XX'] } });
  assert.ok(!r2.ok && r2.error.startsWith('guards.pii.regions[0]'), !r2.ok ? r2.error : '');
});

test('person names are found only when person_name is configured', async () => {
  const text = 'The account holder is Catherine Mitchell.';
  const off = await guardSet({ pseudonymise: false });
  const a = await off.inspectInput(user(text), {}, scope(), []);
  assert.ok(a.ok && a.findings.length === 0);
  const on = await guardSet({ pseudonymise: false, types: ['person_name'] });
  const b = await on.inspectInput(user(text), {}, scope(), []);
  assert.ok(b.ok);
  assert.equal(b.segments[0]!.text, 'The account holder is [PERSON_NAME].');
});

test('tells the model to keep placeholders only when the request has some', async () => {
  const set = await guardSet();
  const a = await set.inspectInput(user('mail a@example.com'), {}, scope('sys-1'), []);
  assert.ok(a.ok);
  assert.match(a.systemAddition ?? '', /Placeholders such as <EMAIL_1>/);
  const b = await set.inspectInput(user('nothing personal here'), {}, scope('sys-2'), []);
  assert.ok(b.ok);
  assert.equal(b.systemAddition, undefined);
});

test('forget drops the pairs before the TTL', async () => {
  const set = await guardSet();
  const sc = scope('forget-1');
  await set.inspectInput(user('mail a@example.com'), {}, sc, []);
  assert.equal(await restore('<EMAIL_1>', sc), 'a@example.com');
  await forget(sc);
  assert.equal(await restore('<EMAIL_1>', sc), '<EMAIL_1>');
});
