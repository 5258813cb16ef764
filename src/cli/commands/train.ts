// `parapet train injection --data FILE.jsonl --out model.json`: trains the injection classifier on a
// seeded group-wise split, calibrates its threshold, writes the weights and prints the held-out report.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';

function int(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(`${flag} must be an integer in [${min}, ${max}]`, 2);
  return n;
}

export function register(program: Command): void {
  const train = program.command('train').description('Train the detectors that learn from data');
  train
    .command('injection')
    .description(
      'Train the prompt-injection classifier (hashed n-gram logistic regression over windows and segments)',
    )
    .requiredOption(
      '--data <file>',
      'labelled JSONL: {"text","label":"injection"|"benign","source"?,"kind"?}',
    )
    .option('--out <file>', 'where to write the model JSON (required unless --cross-validate)')
    .option('--seed <n>', 'seed for the split, the folds and SGD', '1337')
    .option('--test-fraction <x>', 'share of each kind held out, by source', '0.3')
    .option('--epochs <n>', 'passes over the training split', '6')
    .option('--bits <n>', 'log2 of the number of hashed buckets', '17')
    .option(
      '--synth <n>',
      'seeded synthetic rows (attack families and their benign look-alikes) added to training; 0 for none',
      '6000',
    )
    .option('--synth-weight <x>', 'total weight of each synthetic kind relative to a labelled kind', '0.25')
    .option(
      '--validate <seed>',
      'choose settings: split the training side again with this seed and report on that part (the held-out side is not read)',
    )
    .option(
      '--cross-validate <splits>',
      'compare settings on several group splits (comma-separated split seeds), each fitted with every --fits seed; writes no model',
    )
    .option('--fits <seeds>', 'training seeds for --cross-validate', '1337,99')
    .option('--json', 'print the held-out report as JSON')
    .action(
      action(
        async (o: {
          data: string;
          out?: string;
          seed: string;
          testFraction: string;
          epochs: string;
          bits: string;
          synth: string;
          synthWeight: string;
          validate?: string;
          crossValidate?: string;
          fits: string;
          json?: boolean;
        }) => {
          const { existsSync, writeFileSync } = await import('node:fs');
          if (!existsSync(o.data)) throw new CliError(`--data: ${o.data}: no such file`, 2);
          const testFraction = Number(o.testFraction);
          if (!(testFraction > 0 && testFraction < 1))
            throw new CliError('--test-fraction must be in (0, 1)', 2);
          const synthWeight = Number(o.synthWeight);
          if (!(synthWeight >= 0 && synthWeight <= 10))
            throw new CliError('--synth-weight must be in [0, 10]', 2);
          const { crossValidate, trainInjection } = await import('../../guards/injection/train.ts');
          if (o.crossValidate === undefined && o.out === undefined)
            throw new CliError("required option '--out <file>' not specified", 2);
          if (o.crossValidate !== undefined) {
            const list = (v: string, flag: string) =>
              v.split(',').map((x) => int(x.trim(), flag, 0, 2 ** 31));
            const cv = crossValidate(
              o.data,
              list(o.crossValidate, '--cross-validate'),
              list(o.fits, '--fits'),
              {
                testFraction,
                epochs: int(o.epochs, '--epochs', 1, 100),
                bits: int(o.bits, '--bits', 10, 22),
                synth: int(o.synth, '--synth', 0, 200_000),
                synthWeight,
              },
            );
            if (o.json) {
              process.stdout.write(`${JSON.stringify(cv, null, 2)}\n`);
              return;
            }
            const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
            for (const r of cv.runs)
              process.stdout.write(
                `split ${r.split} fit ${r.seed}: ROC AUC ${r.auc.toFixed(4)}  TPR at 1% FPR ${pct(r.tprAt1)}  (${Object.entries(
                  r.perKind,
                )
                  .map(([k, v]) => `${k} ${pct(v)}`)
                  .join(', ')})\n`,
              );
            process.stdout.write(`mean TPR at 1% FPR ${pct(cv.meanTprAt1)} over ${cv.runs.length} fits\n`);
            return;
          }
          let r: import('../../guards/injection/train.ts').TrainResult;
          try {
            r = trainInjection(o.data, {
              seed: int(o.seed, '--seed', 0, 2 ** 31),
              testFraction,
              epochs: int(o.epochs, '--epochs', 1, 100),
              bits: int(o.bits, '--bits', 10, 22),
              synth: int(o.synth, '--synth', 0, 200_000),
              synthWeight,
              ...(o.validate !== undefined
                ? { validateSeed: int(o.validate, '--validate', 0, 2 ** 31) }
                : {}),
            });
          } catch (e) {
            if (e instanceof CliError) throw e;
            throw new CliError(`--data: ${(e as Error).message}`, 2);
          }
          const out = o.out!;
          writeFileSync(out, `${JSON.stringify(r.model)}\n`);
          if (o.json) {
            const { model: _m, ...rest } = r;
            process.stdout.write(
              `${JSON.stringify({ out, threshold: r.model.threshold, ...rest }, null, 2)}\n`,
            );
            return;
          }
          const h = r.heldOut;
          const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
          const lines = [
            `wrote ${out}: ${r.trainRows} training lines, ${r.testRows} held out (${r.testGroups.length} held-out source groups)`,
            `threshold ${r.model.threshold.toPrecision(4)} (calibrated to ${100 * Number(r.model.trained.targetFpr)}% FPR on out-of-fold training scores, folds by source; their ROC AUC ${r.oofAuc.toFixed(4)})`,
            ...(o.validate !== undefined
              ? [`(--validate ${o.validate}: "held out" below is the validation part of the training side)`]
              : []),
            `held out: precision ${pct(h.at.precision)} recall ${pct(h.at.recall)} F1 ${pct(h.at.f1)} FPR ${pct(h.at.fpr)}`,
            `held out: ROC AUC ${h.auc.toFixed(4)}  TPR at 1% FPR ${pct(h.tprAt1)}  TPR at 0.1% FPR ${pct(h.tprAt01)}`,
            `spliced documents: instruction located in ${r.splices.located}, no copies to compare ${r.splices.unknown}, left out as ambiguous ${r.splices.ambiguous}`,
            ...Object.entries(r.perKind).map(
              ([k, v]) => `  ${k.padEnd(22)} n ${String(v.n).padStart(5)}  flagged ${pct(v.rate)}`,
            ),
          ];
          if (r.lineSplitKinds.length > 0)
            lines.push(`kinds from a single source, split by line instead: ${r.lineSplitKinds.join(', ')}`);
          process.stdout.write(`${lines.join('\n')}\n`);
        },
      ),
    );
}
