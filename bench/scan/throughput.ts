// Scan throughput in pickle opcodes per second: parapet on the shared corpus and on a large generated
// benign pickle, beside picklescan (from its public source, if PICKLESCAN_SRC points at it) on the same
// files in the same run. Run: node bench/scan/throughput.ts  [PICKLESCAN_SRC=/tmp/picklescan/src]
//
// Both sides are timed the same way: in one warm process each, scanner calls only (neither pays
// interpreter start-up), the same file paths, min/median/max over the same number of repetitions.
// A last line times one whole process per side over a copy of the corpus (start-up, module loading
// and imports included), which is what a one-off CLI scan of a small folder costs.

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
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

/** Seconds of each repetition, sorted: [min, ..., max]. */
type Times = number[];
const stat = (t: Times) => ({ min: t[0]!, med: t[t.length >> 1]!, max: t[t.length - 1]! });

async function timeParapet(files: string[], reps: number): Promise<{ ops: number; secs: Times }> {
  const secs: number[] = [];
  let ops = 0;
  for (let r = 0; r < reps; r++) {
    const t = process.hrtime.bigint();
    ops = 0;
    for (const f of files) ops += (await scanPath(f)).files.reduce((a, x) => a + x.opcodes, 0);
    secs.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return { ops, secs: secs.sort((a, b) => a - b) };
}

/** picklescan in one python process, timing only scan_file_path (not interpreter start-up). */
function timePicklescan(src: string, files: string[], reps: number): Times {
  const code = `import sys,time,json\nfrom picklescan.scanner import scan_file_path\nfs=sys.argv[2:]\nts=[]\nfor _ in range(int(sys.argv[1])):\n t=time.perf_counter()\n for f in fs: scan_file_path(f)\n ts.append(time.perf_counter()-t)\nprint(json.dumps(ts))`;
  const out = execFileSync('python3', ['-c', code, String(reps), ...files], {
    env: { ...process.env, PYTHONPATH: src },
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 20,
  });
  return (JSON.parse(out.toString().trim().split('\n').pop()!) as number[]).sort((a, b) => a - b);
}

/** Wall seconds of whole processes (start-up included), each command run `reps` times, interleaved. */
function timeProcesses(cmds: Array<[string, string[], NodeJS.ProcessEnv]>, reps: number): Times[] {
  const out: number[][] = cmds.map(() => []);
  for (let r = 0; r < reps; r++)
    cmds.forEach(([cmd, args, env], i) => {
      const t = process.hrtime.bigint();
      const p = spawnSync(cmd, args, { env, stdio: 'ignore' });
      // parapet scan exits 1 when it finds something (the corpus is mostly malicious)
      if (p.status === null || p.status > 1) throw new Error(`${cmd} failed: ${p.status ?? p.signal}`);
      out[i]!.push(Number(process.hrtime.bigint() - t) / 1e9);
    });
  return out.map((t) => t.sort((a, b) => a - b));
}

const corpusFiles = existsSync(corpus)
  ? readdirSync(corpus)
      .filter((f) => f !== 'labels.csv' && f !== 'MANIFEST.json' && f !== 'make_pickles.py')
      .map((f) => join(corpus, f))
  : [];
const ps = process.env.PICKLESCAN_SRC;
const fmt = (x: number): string => `${(x / 1e6).toFixed(2)} M opcodes/s`;
const ms = (x: number): string => `${(x * 1000).toFixed(1)}`;
const range = (t: Times): string => `${ms(stat(t).min)}/${ms(stat(t).med)}/${ms(stat(t).max)} ms`;
console.log(
  `machine: ${cpus()[0].model}, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString()}, load ${loadavg()[0]!.toFixed(2)}`,
);
console.log('times are min/median/max over the repetitions; ratios min to min and median to median');
for (const [label, files, reps] of [
  ['corpus (68 files)', corpusFiles, 20],
  [`large benign pickle (${(statSync(big).size / 1e6).toFixed(1)} MB)`, [big], 3],
] as Array<[string, string[], number]>) {
  if (files.length === 0) continue;
  const p = await timeParapet(files, reps);
  const pm = stat(p.secs);
  let line = `${label}, ${reps} reps: parapet ${p.ops} opcodes in ${range(p.secs)} = ${fmt(p.ops / pm.min)} (median ${fmt(p.ops / pm.med)})`;
  if (ps) {
    const s = timePicklescan(ps, files, reps);
    const sm = stat(s);
    line += `; picklescan ${range(s)} = ${fmt(p.ops / sm.min)} (median ${fmt(p.ops / sm.med)}); ratio ${(sm.min / pm.min).toFixed(1)}x (median ${(sm.med / pm.med).toFixed(1)}x)`;
  }
  console.log(line);
}
rmSync(big, { force: true });

if (corpusFiles.length > 0) {
  // Whole processes over a copy of the corpus (a folder of exactly those files): parapet's CLI on the
  // folder, picklescan's scan_file_path on each file (its folder mode skips files by extension).
  const copy = mkdtempSync(join(tmpdir(), 'parapet-bench-scan-'));
  try {
    for (const f of corpusFiles) copyFileSync(f, join(copy, f.slice(corpus.length + 1)));
    const copied = readdirSync(copy).map((f) => join(copy, f));
    const cli = fileURLToPath(new URL('../../bin/parapet.js', import.meta.url));
    const cmds: Array<[string, string[], NodeJS.ProcessEnv]> = [
      [process.execPath, [cli, 'scan', '--json', copy], process.env],
    ];
    if (ps)
      cmds.push([
        'python3',
        [
          '-c',
          'import sys\nfrom picklescan.scanner import scan_file_path\nfor f in sys.argv[1:]: scan_file_path(f)',
          ...copied,
        ],
        { ...process.env, PYTHONPATH: ps },
      ]);
    const [pt, st] = timeProcesses(cmds, 5);
    let line = `corpus end to end (one process each, start-up included), 5 runs: parapet scan ${range(pt!)}`;
    if (st)
      line += `; picklescan ${range(st)}; ratio ${(stat(st).min / stat(pt!).min).toFixed(2)}x (median ${(stat(st).med / stat(pt!).med).toFixed(2)}x)`;
    console.log(line);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
