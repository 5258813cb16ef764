// Guard benchmark: the default input guard set (validation, unicode, injection, pii, secrets — those
// whose folders exist) on a 1 KB prompt: median µs per guard and in total on one core, MB/s per
// guard, growth over input sizes, and the worst 1 MB adversarial input per guard.
//
//   node bench/guards/run.ts [--iterations 2000] [--no-adversarial]

import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createGuardSet, discoverGuards, type GuardSet, type Segment } from '../../src/guards/index.ts';
import { adversarialInputs } from '../../src/guards/lib/adversarial.ts';

const { values: opt } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    'no-adversarial': { type: 'boolean', default: false },
  },
});
const iterations = Number(opt.iterations);
const WANTED = ['validation', 'unicode', 'injection', 'pii', 'secrets'];
const available = new Set(discoverGuards().keys());
const names = WANTED.filter((n) => available.has(n));
const missing = WANTED.filter((n) => !available.has(n));
const CONFIG: Record<string, Record<string, unknown>> = {
  validation: { max_messages: 64, max_tokens: 1_000_000 },
  unicode: { action: 'flag' },
  secrets: { action: 'flag' },
  injection: { action: 'flag' },
  pii: { action: 'flag' },
};

const PARAGRAPH =
  'Hi! I am preparing the quarterly report for the Lisbon office and need help with the summary. ' +
  'Revenue grew 12.4% to 3.2 million euros, mostly from the new support contracts signed in March. ' +
  'Costs rose 4% because of two new hires and the move to the larger office on Rua Augusta. ';
const prompt = (size: number) => PARAGRAPH.repeat(Math.ceil(size / PARAGRAPH.length)).slice(0, size);
const scope = () => ({ requestId: 'bench', identity: 'bench', model: 'bench', values: new Map() });
const segs = (text: string): Segment[] => [
  { path: 'messages[0].content', text: 'You are a helpful assistant.', role: 'system' },
  { path: 'messages[1].content', text, role: 'user' },
];
const body = (text: string) => ({
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: text },
  ],
});

async function build(config: Record<string, unknown>): Promise<GuardSet> {
  const r = await createGuardSet(config, { budgetMs: 600_000 });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

async function medianUs(set: GuardSet, text: string, n: number): Promise<number> {
  const s = segs(text);
  const b = body(text);
  for (let i = 0; i < Math.min(200, n); i++) await set.inspectInput(s, b, scope(), []);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await set.inspectInput(s, b, scope(), []);
    times.push((performance.now() - t0) * 1000);
  }
  times.sort((a, c) => a - c);
  return times[Math.floor(times.length / 2)]!;
}

const cpu = cpus()[0];
console.log(
  `machine: ${cpu?.model ?? 'unknown'}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}, node ${process.version}, ${new Date().toISOString()}`,
);
console.log(
  `guards: ${names.join(', ')}${missing.length ? ` (not present, not benched: ${missing.join(', ')})` : ''}`,
);
console.log(`\n1 KB prompt, median of ${iterations} runs (one core, includes the runner)`);
const kb = prompt(1024);
const empty = await build({});
const base = await medianUs(empty, kb, iterations);
console.log(`  runner, no guards     ${base.toFixed(1).padStart(8)} µs`);
for (const n of names) {
  const us = await medianUs(await build({ [n]: CONFIG[n] }), kb, iterations);
  const mbs = 1024 / 1e6 / (us / 1e6);
  console.log(`  ${n.padEnd(20)}  ${us.toFixed(1).padStart(8)} µs  ${mbs.toFixed(1).padStart(7)} MB/s`);
}
const all = await build(Object.fromEntries(names.map((n) => [n, CONFIG[n]])));
console.log(
  `  all (${names.length})               ${(await medianUs(all, kb, iterations)).toFixed(1).padStart(8)} µs  (goal < 200 µs)`,
);

console.log('\ngrowth, all guards: size → median µs (µs per KB)');
for (const size of [1024, 10_240, 102_400, 1_048_576]) {
  const n = Math.max(5, Math.floor(iterations / (size / 1024)));
  const us = await medianUs(all, prompt(size), n);
  console.log(
    `  ${String(size).padStart(8)} B  ${us.toFixed(0).padStart(9)} µs  (${(us / (size / 1024)).toFixed(1)} µs/KB)`,
  );
}

if (!opt['no-adversarial']) {
  console.log('\n1 MB adversarial inputs: worst input per guard, best of 3 rounds (goal < 50 ms)');
  const inputs = Object.entries(adversarialInputs(1 << 20));
  for (const n of [...names, ...['canary', 'exfiltration'].filter((x) => available.has(x))]) {
    const set = await build({ [n]: { ...(CONFIG[n] ?? {}), action: 'flag' } });
    const output = n === 'canary' || n === 'exfiltration';
    const once = async (text: string) => {
      const sc = scope();
      // The canary is planted by the input stage; the answer is then searched for it.
      if (n === 'canary') await set.inspectInput([{ path: 'p', text: 'hi' }], { messages: [] }, sc, []);
      const t0 = performance.now();
      if (output) await set.inspectOutput([{ path: 'c', text }], sc, []);
      else await set.inspectInput([{ path: 'p', text }], { messages: [] }, sc, []);
      return performance.now() - t0;
    };
    // Every input keeps its best of three rounds, each round over all inputs: a burst of load on a
    // shared machine then spoils one try of an input, not all three, and cannot pick the worst.
    const best = new Map(inputs.map(([name]) => [name, Number.POSITIVE_INFINITY]));
    for (let round = 0; round < 3; round++)
      for (const [name, text] of inputs) best.set(name, Math.min(best.get(name)!, await once(text)));
    const [worst, full] = [...best].sort((a, b) => b[1] - a[1])[0]!;
    // The worst again at 256 KB (best of 3): about 4x means linear, 16x quadratic.
    const small = adversarialInputs(1 << 18)[worst]!;
    let quarter = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 3; k++) quarter = Math.min(quarter, await once(small));
    console.log(
      `  ${n.padEnd(14)} ${full.toFixed(1).padStart(8)} ms  (${worst}; 256 KB: ${quarter.toFixed(1)} ms, ×${(full / quarter).toFixed(1)} for 4× the size)`,
    );
  }
}
