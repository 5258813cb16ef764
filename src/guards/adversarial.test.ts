// Hostile 1 MB inputs for every guard: each must complete (speed is measured in bench/guards/).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scope } from './lib/testing.ts';
import { createGuardSet } from './set.ts';

const MB = 1 << 20;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

const inputs: Record<string, string> = {
  letters: fill('a'),
  awsPrefixes: fill('AKIA'),
  jwtRuns: fill('eyJ-'),
  jwtNoDot: `eyJ${fill('A')}`,
  pemHeaders: fill('-----BEGIN RSA PRIVATE KEY-----'),
  dbSchemes: fill('postgres://'),
  dbUserinfo: `mysql://${fill('u:')}`,
  keywords: fill('api_key='),
  keyedValues: fill('secret: ab12CD34ef56GH78 '),
  slackRuns: fill('xoxb-'),
  openaiRuns: fill('sk-proj-'),
  azureRuns: fill('abc1Q~'),
  base64Run: fill('QUFB'),
  hexRun: fill('41'),
  urlEscapes: fill('%41'),
  percents: fill('%'),
  tags: fill(String.fromCodePoint(0xe0041)),
  zeroWidth: fill('a\u200D'),
  mixedScript: fill('a\u0430'),
  variationSelectors: fill('\uFE00'),
  leet: fill('1a'),
  rot13: fill('gur '),
  images: fill('!['),
  linkOpeners: fill(']('),
  openLinks: fill('[a]('),
  imgTags: fill('<img '),
  imgSrc: fill('<img src='),
  refDefs: fill('[a]:'),
  quotes: fill('<img src="'),
};

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
