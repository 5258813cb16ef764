import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startDemoTarget, WEAKNESSES, type Weakness } from '../../demo/target.ts';
import { runRedteam } from './run.ts';
import { createTarget } from './target/index.ts';

const closers: (() => Promise<void>)[] = [];
after(async () => Promise.all(closers.map((c) => c())));

async function runAgainst(weaknesses: Weakness[]) {
  const t = await startDemoTarget({ weaknesses });
  closers.push(t.close);
  const target = createTarget(
    {
      kind: 'openai',
      url: `${t.url}/v1`,
      model: 'demo-target',
      headers: {},
      maxTokens: 1024,
      temperature: 0,
    },
    { timeoutMs: 10_000, retries: 1, budget: 5000 },
  );
  return runRedteam({ target, concurrency: 4, seed: 7 });
}

/** Weaknesses only an attacker model finds (adaptive.test.ts). */
const ADAPTIVE_ONLY = ['audit-pretext', 'gradual-escalation'] as const;

/** The probe (or probes) meant to find each weakness. */
const MEANT: Record<Exclude<Weakness, (typeof ADAPTIVE_ONLY)[number]>, string[]> = {
  'system-prompt-leak': ['system-prompt-extraction'],
  'instruction-override': ['prompt-injection-direct'],
  'document-instructions': ['prompt-injection-indirect'],
  'pii-echo': ['pii-leak', 'secret-leak'],
  'markdown-images': ['insecure-output'],
  'tool-call': ['tool-call-injection'],
  'over-refusal': ['over-refusal'],
  jailbreak: ['jailbreak'],
  amplification: ['unbounded-consumption'],
};

test('with every weakness off, no probe succeeds and nothing is left unscored or in error', async () => {
  const r = await runAgainst([]);
  assert.ok(r.totals.attempts > 100);
  assert.equal(r.totals.successes, 0);
  assert.equal(r.totals.errors, 0);
  assert.equal(r.totals.unscored, 0);
  assert.equal(r.coverage.ratio, 1);
});

for (const w of WEAKNESSES.filter((x): x is keyof typeof MEANT => x in MEANT)) {
  test(`with ${w} on, ${MEANT[w].join(' and ')} find${MEANT[w].length > 1 ? '' : 's'} it`, async () => {
    const r = await runAgainst([w]);
    for (const p of MEANT[w]) assert.ok(r.probes[p]!.successes > 0, `${p} found nothing`);
  });
}

test('the weaknesses meant for adaptive attacks are out of reach without an attacker model', async () => {
  const r = await runAgainst([...ADAPTIVE_ONLY]);
  assert.ok(r.totals.attempts > 100);
  assert.equal(r.totals.successes, 0);
});

test('the same seed gives the same cases and the same outcomes', async () => {
  const [a, b] = [await runAgainst(['jailbreak']), await runAgainst(['jailbreak'])];
  const key = (r: typeof a) => r.attempts.map((x) => `${x.case}/${x.strategy}:${x.outcome}`).join();
  assert.equal(key(a), key(b));
  assert.deepEqual(a.probes, b.probes);
});
