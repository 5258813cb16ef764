import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scope } from '../lib/testing.ts';
import { createGuardSet } from '../set.ts';
import type { GuardModule, Segment } from '../types.ts';
import validation from './index.ts';

async function set(cfg: Record<string, unknown>) {
  const r = await createGuardSet(
    { validation: cfg },
    { modules: new Map([['validation', validation as GuardModule<unknown>]]) },
  );
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

async function refusal(cfg: Record<string, unknown>, body: unknown, segments: Segment[] = []) {
  const r = await (await set(cfg)).inspectInput(segments, body, scope(), []);
  return r.ok ? undefined : r.denial;
}

const irisSchema = {
  type: 'object',
  required: ['features'],
  properties: {
    features: {
      type: 'array',
      minItems: 4,
      maxItems: 4,
      items: { type: 'number', minimum: 0, maximum: 10 },
    },
    unit: { enum: ['cm', 'mm'] },
  },
  additionalProperties: false,
};

test('accepts features that fit the model’s JSON Schema', async () => {
  assert.equal(
    await refusal({ schema: irisSchema }, { features: [5.1, 3.5, 1.4, 0.2], unit: 'cm' }),
    undefined,
  );
});

test('refuses malformed or out-of-range features with guard.validation naming the field', async () => {
  const cases: [unknown, string][] = [
    [{ features: [5.1, 3.5, 1.4, 99] }, 'features[3]: must be <= 10'],
    [{ features: [5.1, 'x', 1.4, 0.2] }, 'features[1]: must be number'],
    [{ features: [5.1, 3.5] }, 'features: must NOT have fewer than 4 items'],
    [{}, 'features: is required'],
    [{ features: [1, 2, 3, 4], unit: 'in' }, 'unit: must be one of "cm", "mm"'],
    [{ features: [1, 2, 3, 4], extra: 1 }, 'extra: is not allowed'],
  ];
  for (const [body, message] of cases) {
    const d = await refusal({ schema: irisSchema }, body);
    assert.equal(d?.code, 'guard.validation');
    assert.ok(d?.message.includes(message), `${d?.message} should include ${message}`);
  }
});

test('applies the schema at a JSON pointer (KServe v2 inputs)', async () => {
  const cfg = {
    schema: { type: 'array', items: { type: 'number', maximum: 1 } },
    schema_pointer: '/inputs/0/data',
  };
  assert.equal(await refusal(cfg, { inputs: [{ data: [0.1, 0.2] }] }), undefined);
  assert.match(
    (await refusal(cfg, { inputs: [{ data: [0.1, 7] }] }))!.message,
    /inputs\[0\]\.data\[1\]: must be <= 1/,
  );
  assert.match((await refusal(cfg, { inputs: [] }))!.message, /inputs\[0\]\.data: is required/);
});

test('refuses too many messages, an unexpected role, too much text and too many estimated tokens', async () => {
  const msgs = (n: number, role = 'user') => ({
    messages: Array.from({ length: n }, () => ({ role, content: 'hi' })),
  });
  assert.match((await refusal({ max_messages: 2 }, msgs(3)))!.message, /messages: at most 2/);
  assert.equal(await refusal({ max_messages: 3 }, msgs(3)), undefined);
  assert.match(
    (await refusal({ allowed_roles: ['user'] }, msgs(1, 'system')))!.message,
    /messages\[0\]\.role/,
  );
  const big: Segment[] = [{ path: 'p', text: 'x'.repeat(1001) }];
  assert.match((await refusal({ max_chars: 1000 }, {}, big))!.message, /at most 1000 characters/);
  assert.match((await refusal({ max_tokens: 200 }, {}, big))!.message, /at most 200 estimated tokens/);
  assert.equal(await refusal({ max_tokens: 300 }, {}, big), undefined);
});

test('an invalid schema is a config error at load, not a runtime failure', async () => {
  const r = await createGuardSet(
    { validation: { schema: { type: 'nonsense' } } },
    { modules: new Map([['validation', validation as GuardModule<unknown>]]) },
  );
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.error, /^guards\.validation: invalid schema/);
});
