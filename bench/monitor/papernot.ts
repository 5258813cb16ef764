// How good the Papernot attacker's copy is after each round, three ways: the substitute as the paper
// trains it (what the replay reports), the same network trained to convergence on the same labels
// (what the attacker could train offline without another query), and a softmax regression on them.
// Replays run `--run` of the scenario's first Papernot group exactly as `parapet monitor eval` does
// (same split, victim and seeds), so the first column matches the eval's printed curve.
//
//   node bench/monitor/papernot.ts [--scenario src/monitor/scenarios/digits-extraction.yaml] [--seed 7] [--run 0]

import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { papernot } from '../../src/monitor/eval/attacks.ts';
import { loadScenario } from '../../src/monitor/eval/scenario.ts';
import { fnv1a, rng } from '../../src/monitor/lib/rng.ts';
import { loadNumericCsv, stratifiedSplit } from '../../src/monitor/victims/data.ts';
import { createMlp } from '../../src/monitor/victims/mlp.ts';
import { agreement, argmax, type Classifier, trainSoftmax } from '../../src/monitor/victims/softmax.ts';

const { values: opt } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'src/monitor/scenarios/digits-extraction.yaml' },
    seed: { type: 'string' },
    run: { type: 'string', default: '0' },
  },
});
const loaded = loadScenario(opt.scenario);
if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
const sc = loaded.scenario;
if (opt.seed !== undefined) sc.seed = Number(opt.seed);
const g = sc.attackers.findIndex((a) => a.kind === 'papernot');
if (g < 0) throw new Error('no papernot attacker in the scenario');
const spec = sc.attackers[g]!;
const k = Number(opt.run);

// The eval's split and victim (src/monitor/eval/run.ts).
const ds = loadNumericCsv(sc.victim.dataset);
const [trainIdx, poolIdx, holdIdx] = stratifiedSplit(ds.y, [0.5, 0.25, 0.25], sc.seed);
const rows = (idx: number[]) => idx.map((i) => [...ds.X[i]!]);
const holdout = rows(holdIdx!);
const victim = trainSoftmax(
  rows(trainIdx!),
  trainIdx!.map((i) => ds.y[i]!),
  { classes: ds.classes, epochs: sc.victim.epochs, seed: sc.seed },
);

const X: number[][] = [];
const y: number[] = [];
const curve: { labels: number; paper: number; converged: number; softmax: number }[] = [];
const width = sc.victim.max - sc.victim.min;
const attack = papernot(
  spec,
  {
    victim,
    pool: rows(poolIdx!),
    rand: rng(fnv1a(`${sc.seed}:${g}:${k}`)),
    min: sc.victim.min,
    max: sc.victim.max,
  },
  (sub: Classifier, n: number) => {
    const paper = agreement(victim, sub, holdout);
    const conv = createMlp({
      dim: X[0]!.length,
      classes: ds.classes,
      hidden: spec.hidden,
      offset: sc.victim.min,
      factor: 1 / width,
      seed: 11,
    });
    conv.fit(X.slice(0, n), y.slice(0, n), { epochs: Math.max(10, Math.round(60_000 / n)), batch: 32 });
    const soft = trainSoftmax(X.slice(0, n), y.slice(0, n), { classes: ds.classes, epochs: 30, seed: 3 });
    curve.push({
      labels: n,
      paper,
      converged: agreement(victim, conv, holdout),
      softmax: agreement(victim, soft, holdout),
    });
  },
);
let step = attack.next(new Float64Array(0));
while (!step.done) {
  const x = step.value as number[];
  const p = victim.predict(x);
  X.push(x);
  y.push(argmax(p));
  step = attack.next(p);
}

console.log(
  `machine: ${cpus()[0]?.model} ×${cpus().length}, node ${process.version}, ${new Date().toISOString()}`,
);
console.log(
  `scenario ${sc.name}, seed ${sc.seed}, papernot run ${k}: ${spec.seeds} seeds, ${spec.rounds} rounds, λ ${spec.lambda} of the box, substitute ${spec.hidden.join('-')} ReLU, ${spec.epochs} epochs a round`,
);
console.log(
  'labels  paper substitute  same net converged  softmax regression   (agreement with the victim on the held-out quarter)',
);
for (const c of curve)
  console.log(
    `${String(c.labels).padStart(6)}  ${c.paper.toFixed(3).padStart(16)}  ${c.converged.toFixed(3).padStart(18)}  ${c.softmax.toFixed(3).padStart(18)}`,
  );
const final = curve.at(-1)!;
console.log(
  `half of the final agreement: paper ${(final.paper / 2).toFixed(3)}, converged ${(final.converged / 2).toFixed(3)}; the seeds alone give ${curve[0]!.paper.toFixed(3)} / ${curve[0]!.converged.toFixed(3)} / ${curve[0]!.softmax.toFixed(3)}`,
);
