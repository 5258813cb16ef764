// PII guard benchmark: µs p50/p99 on a 1 KB prompt (the guard's check alone and through the runner),
// MB/s, the worst 1 MB adversarial input (shared guard inputs and the PII-specific ones), and 1 MB
// floods of findings (one value every few characters).
//
//   node bench/guards/pii.ts [--iterations 3000]

import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createGuardSet, type GuardSet, type Segment } from '../../src/guards/index.ts';
import { adversarialInputs } from '../../src/guards/lib/adversarial.ts';
import { configSchema } from '../../src/guards/pii/config.ts';
import pii, { PII_TYPES } from '../../src/guards/pii/index.ts';
import { piiAdversarialInputs, piiFloodInputs } from '../../src/guards/pii/lib/adversarial.ts';
import type { Check } from '../../src/guards/types.ts';

const { values: opt } = parseArgs({ options: { iterations: { type: 'string', default: '3000' } } });
const iterations = Number(opt.iterations);

// Ordinary business prose with a few personal values, as a support prompt would have.
const PARAGRAPH =
  'Hi! I am preparing the quarterly report for the Lisbon office and need help with the summary. ' +
  'Revenue grew 12.4% to 3.2 million euros, mostly from the new support contracts signed in March. ' +
  'Please send the draft to maria.lopes@example.com or call me on +351 21 123 4567 after 3 pm. ' +
  'Order 4820193847 shipped on 2024-03-12 with version 2.14.3 of the firmware. ';
const prompt = (size: number) => PARAGRAPH.repeat(Math.ceil(size / PARAGRAPH.length)).slice(0, size);
const scope = () => ({
  requestId: `b${Math.random()}`,
  identity: 'bench',
  model: 'bench',
  values: new Map(),
});
const segs = (text: string): Segment[] => [{ path: 'messages[0].content', text, role: 'user' }];
const signal = new AbortController().signal;

function pct(times: number[], p: number): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

async function timeCheck(
  check: Check,
  text: string,
  n: number,
  stage: 'input' | 'output',
): Promise<number[]> {
  const s = segs(text);
  for (let i = 0; i < Math.min(300, n); i++) await check({ stage, segments: s, scope: scope(), signal });
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const sc = scope();
    const t0 = performance.now();
    await check({ stage, segments: s, scope: sc, signal });
    out.push((performance.now() - t0) * 1000);
  }
  return out;
}

async function timeSet(set: GuardSet, text: string, n: number): Promise<number[]> {
  const s = segs(text);
  for (let i = 0; i < Math.min(300, n); i++) await set.inspectInput(s, {}, scope(), []);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await set.inspectInput(s, {}, scope(), []);
    out.push((performance.now() - t0) * 1000);
  }
  return out;
}

const cpu = cpus()[0];
console.log(
  `machine: ${cpu?.model ?? 'unknown'}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}, node ${process.version}, ${new Date().toISOString()}`,
);
const kb = prompt(1024);
console.log(`\n1 KB prompt (2 e-mail/phone values, an order number, a date, a version), ${iterations} runs`);
const variants: [string, Record<string, unknown>, 'input' | 'output'][] = [
  ['check, detect only (output stage)', { pseudonymise: false }, 'output'],
  ['check, pseudonymise (memory vault)', {}, 'input'],
];
for (const [label, cfg, stage] of variants) {
  const check = await pii.create(configSchema.parse(cfg));
  const t = await timeCheck(check, kb, iterations, stage);
  const p50 = pct(t, 0.5);
  console.log(
    `  ${label.padEnd(38)} p50 ${p50.toFixed(1).padStart(6)} µs  p99 ${pct(t, 0.99).toFixed(1).padStart(6)} µs  ${(1024 / p50).toFixed(1).padStart(6)} MB/s`,
  );
}
// Person names (opt-in): compromise tags people; far slower, so fewer runs.
{
  const types = [...PII_TYPES];
  const check = await pii.create(configSchema.parse({ pseudonymise: false, types }));
  const t = await timeCheck(check, kb, Math.max(50, Math.floor(iterations / 10)), 'output');
  console.log(
    `  ${'check, detect incl. person_name'.padEnd(38)} p50 ${pct(t, 0.5).toFixed(1).padStart(6)} µs  p99 ${pct(t, 0.99).toFixed(1).padStart(6)} µs  ${(1024 / pct(t, 0.5)).toFixed(1).padStart(6)} MB/s`,
  );
}
const r = await createGuardSet({ pii: { action: 'mask' } }, { budgetMs: 600_000 });
if (!r.ok) throw new Error(r.error);
const t = await timeSet(r.value, kb, iterations);
console.log(
  `  ${'runner + pii, mask with pseudonyms'.padEnd(38)} p50 ${pct(t, 0.5).toFixed(1).padStart(6)} µs  p99 ${pct(t, 0.99).toFixed(1).padStart(6)} µs`,
);

console.log('\nthroughput, detect only: size → median µs (MB/s)');
const detectOnly = await pii.create(configSchema.parse({ pseudonymise: false }));
for (const size of [10_240, 102_400, 1_048_576]) {
  const n = Math.max(5, Math.floor(300 / (size / 10_240)));
  const us = pct(await timeCheck(detectOnly, prompt(size), n, 'output'), 0.5);
  console.log(
    `  ${String(size).padStart(8)} B  ${us.toFixed(0).padStart(8)} µs  (${(size / us).toFixed(1)} MB/s)`,
  );
}

console.log(
  '\n1 MB adversarial inputs (detect only), the 5 slowest, best of 3 rounds; the worst re-timed at 256 KB',
);
const inputs: Record<string, string> = { ...adversarialInputs(1 << 20), ...piiAdversarialInputs(1 << 20) };
const once = async (text: string) => {
  const t0 = performance.now();
  await detectOnly({ stage: 'output', segments: segs(text), scope: scope(), signal });
  return performance.now() - t0;
};
// Every input keeps its best of three rounds, each round over all inputs: a burst of load on a
// shared machine then spoils one try of an input, not all three.
const bestOfRounds = async (texts: Record<string, string>) => {
  const best = new Map(Object.keys(texts).map((name) => [name, Number.POSITIVE_INFINITY]));
  for (let round = 0; round < 3; round++)
    for (const [name, text] of Object.entries(texts))
      best.set(name, Math.min(best.get(name)!, await once(text)));
  return best;
};
const timed = [...(await bestOfRounds(inputs))].sort((a, b) => b[1] - a[1]);
for (const [name, ms] of timed.slice(0, 5))
  console.log(`  ${name.padEnd(16)} ${ms.toFixed(1).padStart(7)} ms`);
const [worst, worstMs] = timed[0]!;
let quarter = Number.POSITIVE_INFINITY;
for (let k = 0; k < 3; k++) quarter = Math.min(quarter, await once(inputs[worst]!.slice(0, 1 << 18)));
console.log(
  `  ${worst} at 256 KB: ${quarter.toFixed(1)} ms (×${(worstMs / quarter).toFixed(1)} for 4× the size; 4 = linear)`,
);
console.log(`  all ${timed.length} inputs: ${timed.reduce((a, [, ms]) => a + ms, 0).toFixed(0)} ms in total`);

console.log('\n1 MB floods of findings (detect only), best of 3 rounds');
const floods = piiFloodInputs(1 << 20);
const floodTimes = await bestOfRounds(floods);
for (const [name, text] of Object.entries(floods)) {
  const found = (await detectOnly({
    stage: 'output',
    segments: segs(text),
    scope: scope(),
    signal,
  })) as unknown[];
  console.log(
    `  ${name.padEnd(16)} ${floodTimes.get(name)!.toFixed(1).padStart(7)} ms  (${found.length} findings)`,
  );
}
