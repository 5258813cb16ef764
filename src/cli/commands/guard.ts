// `parapet guard eval --guard NAME --data FILE`: detection quality of a guard on labelled data,
// printed for people or as JSON (injection: precision, recall, F1, AUC, TPR at fixed FPR; pii: spans).

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';

const GUARDS = ['injection', 'pii', 'secrets', 'unicode'] as const;

export function register(program: Command): void {
  const guard = program.command('guard').description('Guards: evaluate detectors on labelled data');
  guard
    .command('eval')
    .description('Precision, recall, F1, ROC AUC and TPR at 1% / 0.1% FPR of a guard on labelled JSONL')
    .requiredOption('--guard <name>', `guard to evaluate (${GUARDS.join(', ')})`)
    .requiredOption('--data <file>', 'labelled JSONL file')
    .option('--json', 'print the result as JSON')
    .option('--threshold <p>', 'injection: operating threshold (default: the model’s calibrated one)')
    .option('--model <file>', 'injection: model file (default: the committed one)')
    .option('--holdout', 'injection: only the held-out side of the model’s own training split')
    .option(
      '--onnx <file>',
      'injection: YAML/JSON file with the guard’s `onnx:` options; scores with the transformer beside the linear model',
    )
    .action(
      action(
        async (o: {
          guard: string;
          data: string;
          json?: boolean;
          threshold?: string;
          model?: string;
          holdout?: boolean;
          onnx?: string;
        }) => {
          const { existsSync } = await import('node:fs');
          if (!existsSync(o.data)) throw new CliError(`--data: ${o.data}: no such file`, 2);
          if (o.guard === 'pii') {
            const pii = await import('../../guards/pii/eval.ts');
            const r = await pii.evalPii(o.data, { json: o.json }).catch((e: Error) => {
              throw new CliError(`--data: ${e.message}`, 2);
            });
            process.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : `${pii.formatPiiReport(r)}\n`);
            return;
          }
          if (o.guard === 'secrets' || o.guard === 'unicode') {
            const spans = await import('../../guards/eval/spans.ts');
            const r = await spans.evalSpans(o.guard, o.data).catch((e: Error) => {
              throw new CliError(`--data: ${e.message}`, 2);
            });
            process.stdout.write(
              o.json ? `${JSON.stringify(r, null, 2)}\n` : `${spans.formatSpanReport(r)}\n`,
            );
            return;
          }
          if (o.guard !== 'injection')
            throw new CliError(`--guard must be one of ${GUARDS.join(', ')} (got ${o.guard})`, 2);
          let threshold: number | undefined;
          if (o.threshold !== undefined) {
            threshold = Number(o.threshold);
            if (!(threshold > 0 && threshold < 1))
              throw new CliError('--threshold must be a number in (0, 1)', 2);
          }
          const inj = await import('../../guards/injection/eval.ts');
          let onnx: import('../../guards/injection/index.ts').OnnxConfig | undefined;
          if (o.onnx !== undefined) {
            const { readFileSync } = await import('node:fs');
            const { parse } = await import('yaml');
            const { onnxConfigSchema } = await import('../../guards/injection/onnx/config.ts');
            if (!existsSync(o.onnx)) throw new CliError(`--onnx: ${o.onnx}: no such file`, 2);
            let raw: unknown;
            try {
              raw = parse(readFileSync(o.onnx, 'utf8'));
            } catch (e) {
              throw new CliError(`--onnx: ${o.onnx}: ${(e as Error).message}`, 2);
            }
            const p = onnxConfigSchema.safeParse(raw);
            if (!p.success) {
              const i = p.error.issues[0];
              throw new CliError(`--onnx: ${o.onnx}: ${i?.path.join('.') || 'file'}: ${i?.message}`, 2);
            }
            onnx = p.data;
          }
          let r: import('../../guards/injection/eval.ts').InjectionEvalResult;
          try {
            r = await inj.evalInjection(o.data, { threshold, model: o.model, holdout: o.holdout, onnx });
          } catch (e) {
            throw new CliError((e as Error).message, 2);
          }
          process.stdout.write(
            o.json ? `${JSON.stringify(r, null, 2)}\n` : `${inj.formatInjectionReport(r)}\n`,
          );
        },
      ),
    );
}
