// Scan throughput in pickle opcodes per second: parapet on the shared corpus and on a large generated
// benign pickle, beside picklescan (from its public source, if PICKLESCAN_SRC points at it) on the same
// files in the same run. Run: node bench/scan/throughput.ts  [PICKLESCAN_SRC=/tmp/picklescan/src]

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanPath } from '../../src/scan/index.ts';

const corpus = fileURLToPath(new URL('../../../shared/data/pickles', import.meta.url));
const big = join(tmpdir(), `parapet-bench-big-${process.pid}.pkl`);
const rows = Number(process.env.BENCH_ROWS ?? 1_500_000);

// tens of MB of floats and tuples, as a training log or a feature cache would hold
execFileSync('python3', [
  '-c',
  `import pickle,sys\nd=[(i*0.5,-i,float(i)/3,(i,i+1)) for i in range(${rows})]\nopen(sys.argv[1],'wb').write(pickle.dumps(d,4))`,
  big,
]);

async function timeParapet(files: string[], reps: number): Promise<{ ops: number; secs: number }> {
  let best = Infinity;
  let ops = 0;
  for (let r = 0; r < reps; r++) {
    const t = process.hrtime.bigint();
    ops = 0;
    for (const f of files) ops += (await scanPath(f)).files.reduce((a, x) => a + x.opcodes, 0);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return { ops, secs: best };
}

/** picklescan in one python process, timing only scan_file_path (not interpreter start-up). */
function timePicklescan(src: string, files: string[], reps: number): number {
  const code = `import sys,time\nfrom picklescan.scanner import scan_file_path\nfs=sys.argv[2:]\nbest=1e9\nfor _ in range(int(sys.argv[1])):\n t=time.perf_counter()\n for f in fs: scan_file_path(f)\n best=min(best,time.perf_counter()-t)\nprint(best)`;
  const out = execFileSync('python3', ['-c', code, String(reps), ...files], {
    env: { ...process.env, PYTHONPATH: src },
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 20,
  });
  return Number(out.toString().trim().split('\n').pop());
}

const corpusFiles = existsSync(corpus)
  ? readdirSync(corpus)
      .filter((f) => f !== 'labels.csv' && f !== 'MANIFEST.json' && f !== 'make_pickles.py')
      .map((f) => join(corpus, f))
  : [];
const ps = process.env.PICKLESCAN_SRC;
const fmt = (x: number): string => `${(x / 1e6).toFixed(2)} M opcodes/s`;
console.log(
  `machine: ${cpus()[0].model}, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`,
);
for (const [label, files, reps] of [
  ['corpus (68 files)', corpusFiles, 20],
  [`large benign pickle (${(statSync(big).size / 1e6).toFixed(1)} MB)`, [big], 3],
] as Array<[string, string[], number]>) {
  if (files.length === 0) continue;
  const p = await timeParapet(files, reps);
  let line = `${label}: parapet ${p.ops} opcodes in ${(p.secs * 1000).toFixed(1)} ms = ${fmt(p.ops / p.secs)}`;
  if (ps) {
    const s = timePicklescan(ps, files, reps);
    line += `; picklescan ${(s * 1000).toFixed(1)} ms = ${fmt(p.ops / s)}; ratio ${(s / p.secs).toFixed(1)}x`;
  }
  console.log(line);
}
rmSync(big, { force: true });
