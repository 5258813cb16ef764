// Injection guard benchmark: µs per 1 KB prompt (p50/p99), MB/s, growth from 1 KB to 1 MB (it should be
// linear), and the slowest 1 MB adversarial input. One core, the committed model.
//
//   node bench/guards/injection.ts [--iterations 3000]

import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { configSchema, detectInjection, loadModel } from '../../src/guards/injection/index.ts';
import { adversarialInputs } from '../../src/guards/lib/adversarial.ts';

const { values: opt } = parseArgs({ options: { iterations: { type: 'string', default: '3000' } } });
const iterations = Number(opt.iterations);
const model = loadModel();
const cfg = configSchema.parse({});
const run = (text: string) => detectInjection(model, [{ text, role: 'user' }], cfg);

const PARAGRAPH =
  'Hi! I am preparing the quarterly report for the Lisbon office and need help with the summary. ' +
  'Revenue grew 12.4% to 3.2 million euros, mostly from the new support contracts signed in March. ' +
  'Costs rose 4% because of two new hires and the move to the larger office on Rua Augusta. ';
const prompt = (size: number) => PARAGRAPH.repeat(Math.ceil(size / PARAGRAPH.length)).slice(0, size);

function timeIt(text: string, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    run(text);
    out.push((performance.now() - t0) * 1000);
  }
  return out.sort((a, b) => a - b);
}
const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

const cpu = cpus()[0]?.model ?? 'unknown';
console.log(`machine: ${cpu}, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
console.log(
  `model: ${model.bits} bits, threshold ${model.threshold.toPrecision(4)}, window ${cfg.window}/${cfg.overlap}`,
);

const kb = prompt(1024);
timeIt(kb, 500); // warm-up
const t = timeIt(kb, iterations);
const p50 = q(t, 0.5);
console.log(`1 KB prompt: p50 ${p50.toFixed(1)} µs  p99 ${q(t, 0.99).toFixed(1)} µs  (${iterations} runs)`);
console.log(`throughput at 1 KB: ${(1024 / 1e6 / (p50 / 1e6)).toFixed(1)} MB/s`);

console.log('size      median ms   MB/s   ms per KB');
for (const size of [1 << 10, 10 << 10, 100 << 10, 1 << 20]) {
  const text = prompt(size);
  const reps = Math.max(3, Math.min(200, Math.floor((200 << 10) / size)));
  // Warm up at this size first: with three timed runs of 100 KB, the compiler's later tiers and
  // the first growth of the scratch buffers otherwise land in the median.
  timeIt(text, 3);
  const ms = q(timeIt(text, reps), 0.5) / 1000;
  console.log(
    `${String(size >> 10).padStart(5)} KB  ${ms.toFixed(3).padStart(9)}  ${(size / 1e6 / (ms / 1000)).toFixed(1).padStart(6)}   ${(ms / (size / 1024)).toFixed(4)}`,
  );
}

const adversarial = {
  ...adversarialInputs(1 << 20),
  overrides: 'ignore previous instructions '.repeat(37_450),
  roleMarkers: '\nsystem:'.repeat(131_072),
  spacedLetters: 'a '.repeat(1 << 19),
};
// Every input keeps its best of three rounds, each round over all inputs (as bench/guards/run.ts
// does): a burst of load on a shared machine then spoils one try of an input, not all three.
const best = new Map(Object.keys(adversarial).map((name) => [name, Number.POSITIVE_INFINITY]));
for (let round = 0; round < 3; round++)
  for (const [name, text] of Object.entries(adversarial))
    best.set(name, Math.min(best.get(name)!, timeIt(text, 1)[0]! / 1000));
const ranked = [...best].sort((a, b) => b[1] - a[1]);
console.log(
  `1 MB adversarial, best of 3 rounds (goal < 50 ms): slowest ${ranked
    .slice(0, 3)
    .map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
    .join(', ')} (of ${ranked.length} inputs)`,
);
