// ONNX detector benchmark: ms per prompt (p50/p99) at 1 KB to 100 KB through tokenizer, windows and
// onnxruntime, and the windows each size needs. By default it runs the tiny fixture model the tests
// build (so the figure is Parapet's overhead around inference, not a transformer's cost); pass
// --model/--tokenizer to measure a real classifier you have on disk.
//
//   node bench/guards/injection-onnx.ts [--iterations 200] [--model m.onnx --tokenizer tokenizer.json
//     [--tokenizer-config tokenizer_config.json] [--max-length 512] [--threads 1]]

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOnnxDetector, onnxConfigSchema } from '../../src/guards/injection/index.ts';
import { writeFixture } from '../../src/guards/injection/onnx/fixture.ts';

const { values: opt } = parseArgs({
  options: {
    iterations: { type: 'string', default: '200' },
    model: { type: 'string' },
    tokenizer: { type: 'string' },
    'tokenizer-config': { type: 'string' },
    'max-length': { type: 'string', default: '512' },
    threads: { type: 'string', default: '1' },
  },
});
const iterations = Number(opt.iterations);
const dir = mkdtempSync(join(tmpdir(), 'parapet-onnx-bench-'));
const fx = opt.model ? undefined : writeFixture(dir);
const cfg = onnxConfigSchema.parse({
  model: opt.model ?? fx!.model,
  tokenizer: opt.tokenizer ?? fx!.tokenizer,
  tokenizer_config: opt['tokenizer-config'] ?? fx?.tokenizerConfig,
  max_length: Number(opt['max-length']),
  threads: Number(opt.threads),
});
const detector = await loadOnnxDetector(cfg);

const PARAGRAPH =
  'Hi! I am preparing the quarterly report for the Lisbon office and need help with the summary. ' +
  'Revenue grew 12.4% to 3.2 million euros, mostly from the new support contracts signed in March. ' +
  'Costs rose 4% because of two new hires and the move to the larger office on Rua Augusta. ';
const prompt = (size: number) => PARAGRAPH.repeat(Math.ceil(size / PARAGRAPH.length)).slice(0, size);

async function timeIt(text: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await detector.score(text);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}
const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

const cpu = cpus()[0]?.model ?? 'unknown';
console.log(`machine: ${cpu}, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
console.log(
  `model: ${opt.model ?? 'tiny fixture (embedding sum; measures tokenizer + windows + onnxruntime call overhead)'}, max_length ${cfg.max_length}, batch ${cfg.batch}, threads ${cfg.threads}`,
);
console.log('size      p50 ms    p99 ms    MB/s');
for (const size of [1 << 10, 10 << 10, 100 << 10]) {
  const text = prompt(size);
  const reps = Math.max(5, Math.floor(iterations / Math.max(1, size >> 10)));
  await timeIt(text, Math.min(20, reps)); // warm-up
  const t = await timeIt(text, reps);
  const p50 = q(t, 0.5);
  console.log(
    `${String(size >> 10).padStart(5)} KB  ${p50.toFixed(3).padStart(8)}  ${q(t, 0.99).toFixed(3).padStart(8)}  ${(size / 1e6 / (p50 / 1000)).toFixed(2).padStart(6)}`,
  );
}
rmSync(dir, { recursive: true, force: true });
