// `parapet monitor eval --scenario FILE [--json]`: replays a scenario through the detectors and prints
// detection delay, flagged share, copy fidelity, false alarms per million and drift run lengths.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';

export function register(program: Command): void {
  const monitor = program
    .command('monitor')
    .description('The monitor: evaluate detectors on replayed traffic');
  monitor
    .command('eval')
    .description(
      'Replay a scenario (benign users and attackers, seeds fixed, time compressed) and measure the detectors',
    )
    .requiredOption('--scenario <file>', 'scenario YAML (see src/monitor/scenarios/)')
    .option('--seed <n>', "replace the scenario's seed (report on a seed other than the one tuned on)")
    .option('--json', 'print the report as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(
      action(async (o: { scenario: string; seed?: string; json?: boolean; quiet?: boolean }) => {
        const { loadScenario } = await import('../../monitor/eval/scenario.ts');
        const { runScenario } = await import('../../monitor/eval/run.ts');
        const { formatReport } = await import('../../monitor/eval/report.ts');
        const s = loadScenario(o.scenario);
        if (!s.ok) throw new CliError(`invalid scenario:\n${s.errors.join('\n')}`, 2);
        if (o.seed !== undefined) {
          if (!/^-?\d{1,9}$/.test(o.seed))
            throw new CliError(`--seed: expected an integer, got "${o.seed}"`, 2);
          s.scenario.seed = Number(o.seed);
        }
        let report;
        try {
          report = runScenario(
            s.scenario,
            o.quiet ? undefined : (n) => process.stderr.write(`  ${n} events…\n`),
          );
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT')
            throw new CliError(`data set not found: ${(err as Error).message}`);
          throw err;
        }
        process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
      }),
    );
}
