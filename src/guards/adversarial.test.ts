// Hostile 1 MB inputs for every guard: each must complete (speed is measured in bench/guards/).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adversarialInputs } from './lib/adversarial.ts';
import { scope } from './lib/testing.ts';
import { createGuardSet } from './set.ts';

const inputs = adversarialInputs(1 << 20);

test('every guard completes on 1 MB adversarial runs (input and output stages)', async () => {
  const r = await createGuardSet(
    {
      validation: { max_tokens: 10_000_000 },
      unicode: { action: 'flag' },
      secrets: { action: 'flag' },
      canary: { action: 'flag' },
      exfiltration: { action: 'flag' },
    },
    { budgetMs: 600_000 },
  );
  if (!r.ok) throw new Error(r.error);
  for (const [name, text] of Object.entries(inputs)) {
    const sc = scope(name);
    const input = await r.value.inspectInput([{ path: 'p', text, role: 'user' }], { messages: [] }, sc, []);
    assert.ok(input.findings.length >= 0 && 'ok' in input, name);
    assert.notEqual(!input.ok && input.denial.code, 'guard.error', `${name}: input guards failed`);
    const output = await r.value.inspectOutput([{ path: 'c', text, role: 'assistant' }], sc, []);
    assert.notEqual(!output.ok && output.denial.code, 'guard.error', `${name}: output guards failed`);
  }
});
