// Hostile inputs for the PII guard: each must complete on every stage (speed is in bench/guards/pii.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adversarialInputs } from '../lib/adversarial.ts';
import { scope } from '../lib/testing.ts';
import { createGuardSet } from '../set.ts';
import { piiAdversarialInputs, piiFloodInputs } from './lib/adversarial.ts';

const SIZE = 256 * 1024;

test('the pii guard completes on 256 KB adversarial runs (input and output stages)', async () => {
  const r = await createGuardSet({ pii: { action: 'mask' } }, { budgetMs: 600_000 });
  if (!r.ok) throw new Error(r.error);
  const inputs = { ...adversarialInputs(SIZE), ...piiAdversarialInputs(SIZE), ...piiFloodInputs(SIZE) };
  for (const [name, text] of Object.entries(inputs)) {
    const sc = scope(name);
    const input = await r.value.inspectInput([{ path: 'p', text, role: 'user' }], { messages: [] }, sc, []);
    assert.ok(input.ok, `${name}: input refused`);
    const output = await r.value.inspectOutput([{ path: 'c', text, role: 'assistant' }], sc, []);
    assert.ok(output.ok, `${name}: output refused`);
  }
});

test('every value of a 256 KB flood of findings is masked', async () => {
  const r = await createGuardSet({ pii: { action: 'mask' } }, { budgetMs: 600_000 });
  if (!r.ok) throw new Error(r.error);
  const values: Record<string, string> = {
    emailFlood: 'a@b.co',
    ipFlood: '1.1.1.1',
    ssnFlood: '123-45-6789',
    streetFlood: 'Str. 1',
    leadFlood: 'Via Roma 1',
  };
  for (const [name, text] of Object.entries(piiFloodInputs(SIZE))) {
    const out = await r.value.inspectInput(
      [{ path: 'p', text, role: 'user' }],
      { messages: [] },
      scope(name),
      [],
    );
    assert.ok(out.ok, `${name}: refused`);
    if (!out.ok) continue;
    const masked = out.segments[0]!.text;
    // The last unit may be cut short by the size; every whole one is replaced.
    assert.ok(!masked.slice(0, -20).includes(values[name]!), `${name}: a value is left`);
  }
});
