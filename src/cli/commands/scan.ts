// `parapet scan PATH` and `parapet scan eval --data DIR`: model-file scanning that parses and never
// loads, with human, JSON and SARIF output and a severity gate for CI.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
type Sev = (typeof SEVERITIES)[number];

function severity(value: string, flag: string): Sev {
  const s = SEVERITIES.find((x) => x === value);
  if (!s) throw new CliError(`${flag} must be one of ${SEVERITIES.join(', ')}`, 2);
  return s;
}

export function register(program: Command): void {
  const scan = program
    .command('scan')
    .argument('<path>', 'model file or folder (every file is scanned by content, whatever its extension)')
    .description(
      'Scan model files for code that runs on load (pickle, PyTorch, NumPy, Keras, ONNX, safetensors, GGUF)',
    )
    .option('--json', 'print the report as JSON')
    .option('--sarif', 'print the report as SARIF 2.1.0')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity', 'medium')
    .action(
      action(async (path: string, o: { json?: boolean; sarif?: boolean; failOn: string }) => {
        const failOn = severity(o.failOn, '--fail-on');
        const { existsSync } = await import('node:fs');
        if (!existsSync(path)) throw new CliError(`${path}: no such file or folder`, 2);
        const s = await import('../../scan/index.ts');
        const report = await s.scanPath(path);
        if (o.sarif) process.stdout.write(`${JSON.stringify(s.toSarif(report), null, 2)}\n`);
        else if (o.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else {
          for (const f of report.findings) {
            const g = f.module === undefined ? '' : ` [${f.module}.${f.name}]`;
            process.stdout.write(
              `${f.severity.toUpperCase().padEnd(8)} ${f.file} @${f.offset} ${f.rule}${g}: ${f.message}\n`,
            );
          }
          const ops = report.files.reduce((a, f) => a + f.opcodes, 0);
          process.stdout.write(
            `${report.files.length} file(s) scanned, ${ops} pickle opcode(s), ${report.findings.length} finding(s); worst: ${report.worst ?? 'none'}\n`,
          );
        }
        const gate = s.severityRank(failOn);
        const over = report.findings.filter((f) => s.severityRank(f.severity) >= gate).length;
        if (over > 0) throw new CliError(`${over} finding(s) at or above ${failOn}`, 1);
      }),
    );
  scan
    .command('eval')
    .description(
      'Precision, recall and TPR at fixed FPR on labelled files (a folder with labels.csv: file,label)',
    )
    .requiredOption('--data <dir>', 'folder holding labels.csv and the files it names')
    .option('--fail-on <severity>', 'severity at which a file counts as flagged (default: medium)')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        // `scan` has --json and --fail-on too; commander may hand them to either command
        const o = cmd.optsWithGlobals<{ data: string; failOn?: string; json?: boolean }>();
        const failOn = severity(o.failOn ?? 'medium', '--fail-on');
        const s = await import('../../scan/index.ts');
        const r = await s.evaluate(o.data, failOn).catch((e: Error) => {
          throw new CliError(`--data: ${e.message}`, 2);
        });
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
        process.stdout.write(
          `files ${r.files} (malicious ${r.malicious}, benign ${r.benign}), flagged at >= ${r.failOn}\n` +
            `tp ${r.tp}  fp ${r.fp}  fn ${r.fn}  tn ${r.tn}\n` +
            `precision ${pct(r.precision)}  recall ${pct(r.recall)}\n` +
            r.tprAtFpr
              .map((t) => `TPR at FPR <= ${pct(t.fpr)}: ${pct(t.tpr)} (threshold ${t.threshold})\n`)
              .join('') +
            (r.missed.length ? `missed: ${r.missed.join(', ')}\n` : '') +
            (r.falseAlarms.length ? `false alarms: ${r.falseAlarms.join(', ')}\n` : ''),
        );
      }),
    );
}
