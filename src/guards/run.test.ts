import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeGuard, modules, scope, sleep, wordCheck } from './lib/testing.ts';
import { createGuardSet } from './set.ts';
import type { Segment } from './types.ts';

const seg = (text: string, path = 'messages[0].content', role = 'user'): Segment => ({ path, text, role });

async function set(
  config: Record<string, unknown>,
  mods: Map<string, never> | ReturnType<typeof modules>,
  budgetMs = 50,
) {
  const r = await createGuardSet(config, { budgetMs, modules: mods });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

test('runs the guards of a stage concurrently: two 100 ms guards both finish inside a 180 ms budget', async () => {
  const slow = (word: string) => async () => {
    await sleep(100);
    return [{ segment: 0, start: 0, end: 1, type: word, score: 1 }];
  };
  const s = await set(
    { pii: { action: 'flag' }, secrets: { action: 'flag' } },
    modules(fakeGuard('pii', slow('a')), fakeGuard('secrets', slow('b'))),
    180,
  );
  const r = await s.inspectInput([seg('x')], {}, scope(), []);
  assert.equal(r.ok, true);
  assert.deepEqual(r.findings.map((f) => f.type).sort(), ['a', 'b']);
});

test('a guard that outlives the budget fails closed with guard.error naming it', async () => {
  const s = await set({ pii: {} }, modules(fakeGuard('pii', () => sleep(200).then(() => []))), 20);
  const r = await s.inspectInput([seg('x')], {}, scope(), []);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.denial.code, 'guard.error');
  assert.match(r.denial.message, /pii \(timeout\)/);
});

test('a guard that throws fails closed; with on_error: allow the request goes on', async () => {
  const boom = fakeGuard('pii', () => {
    throw new Error('model missing');
  });
  const closed = await (await set({ pii: {} }, modules(boom))).inspectInput([seg('x')], {}, scope(), []);
  assert.equal(closed.ok, false);
  if (!closed.ok) assert.equal(closed.denial.code, 'guard.error');
  const open = await (
    await set({ pii: { on_error: 'allow' } }, modules(boom))
  ).inspectInput([seg('x')], {}, scope(), []);
  assert.equal(open.ok, true);
});

test('a guard returning a span outside its segment counts as failed, not as a finding', async () => {
  const bad = fakeGuard('pii', () => [{ segment: 0, start: 0, end: 99, type: 't', score: 1 }]);
  const r = await (await set({ pii: {} }, modules(bad))).inspectInput([seg('short')], {}, scope(), []);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.denial.code, 'guard.error');
});

test('block denies with guard.<name>, names the type and span, and never echoes the text', async () => {
  const s = await set(
    { secrets: { action: 'block' } },
    modules(fakeGuard('secrets', wordCheck('hunter2', 'password'))),
  );
  const r = await s.inspectInput([seg('my password is hunter2')], {}, scope(), []);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.denial.code, 'guard.secrets');
  assert.match(r.denial.message, /password at messages\[0\]\.content 15\.\.22/);
  assert.doesNotMatch(JSON.stringify(r.denial), /hunter2/);
  assert.deepEqual(r.findings, [
    { guard: 'secrets', type: 'password', score: 1, start: 15, end: 22, action: 'block', stage: 'input' },
  ]);
});

test('mask replaces every span, merging overlaps, and keeps offsets right with several findings', async () => {
  const s = await set(
    { secrets: { action: 'mask' }, pii: { action: 'mask' } },
    modules(fakeGuard('secrets', wordCheck('abcd', 'k')), fakeGuard('pii', wordCheck('cdef', 'p'))),
  );
  const r = await s.inspectInput(
    [seg('xx abcdef yy abcd zz'), seg('clean', 'messages[1].content')],
    {},
    scope(),
    [],
  );
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.changed, true);
  assert.equal(r.segments[0]!.text, 'xx [K] yy [K] zz');
  assert.equal(r.segments[1]!.text, 'clean');
  assert.equal(r.findings.length, 3);
});

test('flag allows unchanged and records the finding', async () => {
  const s = await set({ pii: { action: 'flag' } }, modules(fakeGuard('pii', wordCheck('bob'))));
  const r = await s.inspectInput([seg('hi bob')], {}, scope(), []);
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.changed, false);
  assert.equal(r.segments[0]!.text, 'hi bob');
  assert.equal(r.findings[0]!.action, 'flag');
});

test('a role override replaces the route default; the strictest of several overrides wins', async () => {
  const s = await set(
    { pii: { action: 'block', roles: { analyst: 'flag', intern: 'mask' } } },
    modules(fakeGuard('pii', wordCheck('bob'))),
  );
  const asUser = await s.inspectInput([seg('bob')], {}, scope(), ['user']);
  assert.equal(asUser.ok, false);
  const asAnalyst = await s.inspectInput([seg('bob')], {}, scope(), ['analyst']);
  assert.equal(asAnalyst.ok, true);
  assert.equal(asAnalyst.findings[0]!.action, 'flag');
  const both = await s.inspectInput([seg('bob')], {}, scope(), ['analyst', 'intern']);
  assert.equal(both.ok && both.segments[0]!.text, '[WORD]');
});

test('derived segments are computed once and their findings map back to the encoded span', async () => {
  let derives = 0;
  const decoder = fakeGuard('unicode', () => [], {
    hooks: {
      derive: (segments) => {
        derives++;
        const i = segments[0]!.text.indexOf('ENC');
        return [
          { path: 'd', text: 'xx secret', from: { segment: 0, start: i, end: i + 7 }, encoding: 'test' },
        ];
      },
    },
  });
  const s = await set(
    { unicode: {}, secrets: { action: 'mask' }, pii: { action: 'flag' } },
    modules(decoder, fakeGuard('secrets', wordCheck('secret')), fakeGuard('pii', wordCheck('xx'))),
  );
  const r = await s.inspectInput([seg('hello ENC1234 bye')], {}, scope(), []);
  assert.equal(derives, 1);
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.deepEqual(
    r.findings.map((f) => [f.guard, f.start, f.end]),
    [
      ['secrets', 6, 13],
      ['pii', 6, 13],
    ],
  );
  assert.equal(r.segments[0]!.text, 'hello [WORD] bye');
});

test('guards run only on the stages they declare and the config selects', async () => {
  const s = await set(
    { secrets: { stages: ['output'] } },
    modules(fakeGuard('secrets', wordCheck('key'), { stages: ['input', 'output'] })),
  );
  assert.equal((await s.inspectInput([seg('key')], {}, scope(), [])).ok, true);
  assert.equal((await s.inspectOutput([seg('key')], scope(), [])).ok, false);
  assert.equal(s.openStream(scope(), []), undefined);
});

test('config errors name the path', async () => {
  const mods = modules(fakeGuard('pii', () => []));
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ pii: { word: 3 } }, /^guards\.pii\.word: expected string/],
    [{ pii: { action: 'drop' } }, /^guards\.pii\.action: /],
    [{ pii: { roles: { admin: 'nope' } } }, /^guards\.pii\.roles\.admin: /],
    [{ pii: { extra: true } }, /^guards\.pii: .*extra/],
    [{ nope: {} }, /^guards\.nope: unknown guard/],
    [{ pii: { stages: ['input'], on_error: 'maybe' } }, /^guards\.pii\.on_error: /],
  ];
  for (const [config, re] of cases) {
    const r = await createGuardSet(config, { modules: mods });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, re);
  }
});

test('a mask on decoded text replaces the whole encoded run with the type, not the guard’s replacement', async () => {
  const decoder = fakeGuard('unicode', () => [], {
    hooks: {
      derive: () => [
        { path: 'd', text: 'decoded', from: { segment: 0, start: 3, end: 9 }, encoding: 'test' },
      ],
    },
  });
  const masker = fakeGuard('pii', ({ segments }) =>
    segments.length > 1 ? [{ segment: 1, start: 0, end: 7, type: 'name', score: 1, replacement: 'x' }] : [],
  );
  const s = await set({ unicode: {}, pii: { action: 'mask' } }, modules(decoder, masker));
  const r = await s.inspectInput([seg('ab ENCODE cd')], {}, scope(), []);
  assert.equal(r.ok && r.segments[0]!.text, 'ab [NAME] cd');
});

/** Finds `card` and `mail` words as findings of two types, like a PII guard would. */
const twoTypes = () =>
  fakeGuard('pii', ({ segments, ...rest }) => [
    ...(wordCheck('card', 'credit_card')({ segments, ...rest }) as never[]),
    ...(wordCheck('mail', 'email')({ segments, ...rest }) as never[]),
  ]);

test('per-type actions: a route blocks one finding type, masks another and flags a third', async () => {
  const s = await set(
    { pii: { action: 'flag', actions: { credit_card: 'block', email: 'mask' } } },
    modules(twoTypes()),
  );
  const masked = await s.inspectInput([seg('mail me')], {}, scope(), []);
  assert.equal(masked.ok && masked.segments[0]!.text, '[EMAIL] me');
  const blocked = await s.inspectInput([seg('mail my card')], {}, scope(), []);
  assert.equal(blocked.ok, false);
  if (!blocked.ok) assert.equal(blocked.denial.code, 'guard.pii');
  assert.deepEqual(
    blocked.findings.map((f) => [f.type, f.action]),
    [
      ['credit_card', 'block'],
      ['email', 'mask'],
    ].sort(),
  );
});

test('per-type actions per role: a role’s type choice wins, its plain action covers the rest', async () => {
  const s = await set(
    {
      pii: {
        action: 'mask',
        actions: { credit_card: 'block' },
        roles: { support: { actions: { email: 'flag' } }, auditor: 'flag', risk: { action: 'block' } },
      },
    },
    modules(twoTypes()),
  );
  // support: e-mails only flagged, cards still blocked by the route.
  const sup = await s.inspectInput([seg('mail')], {}, scope(), ['support']);
  assert.equal(sup.ok && sup.segments[0]!.text, 'mail');
  assert.equal((await s.inspectInput([seg('card')], {}, scope(), ['support'])).ok, false);
  // auditor: one action for every type, over the route's per-type choice.
  const aud = await s.inspectInput([seg('card mail')], {}, scope(), ['auditor']);
  assert.equal(aud.ok && aud.segments[0]!.text, 'card mail');
  // The strictest of several roles wins per type.
  assert.equal((await s.inspectInput([seg('mail')], {}, scope(), ['support', 'risk'])).ok, false);
});

test('per-type actions naming a type the guard does not report are refused with the path', async () => {
  const r = await createGuardSet({ pii: { actions: { credit_crad: 'block' } } });
  assert.equal(r.ok, false);
  if (!r.ok)
    assert.match(
      r.error,
      /^guards\.pii\.actions\.credit_crad: pii reports no such finding type \(known: email, /,
    );
  const byRole = await createGuardSet({ pii: { roles: { ops: { actions: { mail: 'flag' } } } } });
  assert.equal(byRole.ok, false);
  if (!byRole.ok) assert.match(byRole.error, /^guards\.pii\.roles\.ops\.actions\.mail: /);
  const badAction = await createGuardSet({ pii: { actions: { email: 'drop' } } });
  assert.equal(badAction.ok, false);
  if (!badAction.ok) assert.match(badAction.error, /^guards\.pii\.actions\.email: /);
});

test('a guard with 200,000 findings is acted on in full (more than a spread can pass)', async () => {
  const many = () =>
    Array.from({ length: 200_000 }, (_, k) => ({ segment: 0, start: k, end: k + 1, type: 'x', score: 1 }));
  const s = await set({ pii: { action: 'mask' } }, modules(fakeGuard('pii', many)), 60_000);
  const r = await s.inspectInput([seg('a'.repeat(200_000))], {}, scope(), []);
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.findings.length, 100); // MAX_REPORTED in the event; every span is still masked
  assert.ok(r.segments[0]!.text === '[X]'.repeat(200_000), 'every character masked');
});
