// `parapet redteam run|diff|grader-eval|probes|target`: attack an LLM endpoint with the shipped probes,
// gate CI on the result, compare runs, measure the refusal grader, and serve the weak demo target.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';
import { printTable } from './lib/table.ts';

const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`;

async function readResult(file: string) {
  const { readFileSync } = await import('node:fs');
  const { runResultSchema } = await import('../../assurance/index.ts');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`${file}: ${(err as Error).message}`, 2);
  }
  const r = runResultSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new CliError(`${file}: not a red-team result: ${i.path.join('.')}: ${i.message}`, 2);
  }
  return r.data;
}

export function register(program: Command): void {
  const rt = program
    .command('redteam')
    .description('Attack LLM endpoints with probes × strategies; reports and CI gates');

  rt.command('run')
    .description('Run the suite a redteam.yaml describes; exit 1 when a threshold is crossed')
    .requiredOption('-c, --config <file>', 'redteam.yaml')
    .option('--store <spec>', 'keep the result in this store (sqlite:PATH or postgres://…)')
    .option('--json', 'print the whole result as JSON')
    .action(
      action(async (o: { config: string; store?: string; json?: boolean }) => {
        const a = await import('../../assurance/index.ts');
        const c = a.loadRedteamConfig(o.config);
        if (!c.ok) throw new CliError(`invalid red-team configuration:\n${c.errors.join('\n')}`, 2);
        let store;
        if (o.store) {
          const { resolveStoreOption } = await import('./lib/store-option.ts');
          store = resolveStoreOption(o.store);
        }
        const { result: r, files } = await a.executeConfig(c.config, { store }).catch((err: Error) => {
          throw new CliError(err.message, 2);
        });
        if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else {
          printTable(
            ['probe', 'attempts', 'success', 'resisted', 'blocked', 'error', 'unscored', 'ASR', '95% CI'],
            Object.entries(r.probes).map(([p, t]) => [
              p,
              String(t.attempts),
              String(t.successes),
              String(t.resisted),
              String(t.blocked),
              String(t.errors),
              String(t.unscored),
              pct(t.asr),
              t.ci ? `${pct(t.ci[0])}–${pct(t.ci[1])}` : '–',
            ]),
          );
          const t = r.totals;
          process.stdout.write(
            `total ${t.attempts} attempts, ${t.successes} succeeded (ASR ${pct(t.asr)}), ${t.blocked} blocked, ${t.errors} errors, ${t.unscored} unscored; ${r.requests} requests in ${(r.durationMs / 1000).toFixed(1)} s\n`,
          );
          for (const [p, x] of Object.entries(r.probes))
            if (x.falseRefusals)
              process.stdout.write(
                `${p}: false refusals ${x.falseRefusals.model} by the model, ${x.falseRefusals.guard} by a guard (rate ${pct(x.falseRefusals.rate)})\n`,
              );
          if (r.attacker)
            process.stdout.write(
              `attacker ${r.attacker.model ?? r.attacker.url}: ${r.attacker.requests} requests, ${r.attacker.refusals} refusals, ${r.attacker.errors} errors; judge scores ${r.attacker.judgeRequests} (${r.attacker.judgeUnparseable} unreadable)\n`,
            );
          for (const f of files) process.stdout.write(`wrote ${f}\n`);
        }
        if (r.gate && !r.gate.passed) {
          const v = r.gate.violations.map((x) => `${x.scope} ${x.metric} ${pct(x.value)} > ${pct(x.limit)}`);
          throw new CliError(`threshold crossed: ${v.join('; ')}`, 1);
        }
      }),
    );

  rt.command('diff')
    .description('Show regressions between two JSON results; exit 1 when any cell got worse')
    .argument('<old>', 'earlier result JSON')
    .argument('<new>', 'later result JSON')
    .option('--json', 'print the diff as JSON')
    .action(
      action(async (oldFile: string, newFile: string, o: { json?: boolean }) => {
        const { diffRuns } = await import('../../assurance/index.ts');
        const d = diffRuns(await readResult(oldFile), await readResult(newFile));
        if (o.json) process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
        else {
          const line = (c: (typeof d.regressions)[number]) =>
            `  ${c.probe} × ${c.strategy}: ${pct(c.before)} → ${pct(c.after)}${c.significant ? ' (intervals do not overlap)' : ''}\n`;
          process.stdout.write(`total ASR ${pct(d.totals.before)} → ${pct(d.totals.after)}\n`);
          process.stdout.write(`regressions: ${d.regressions.length}\n${d.regressions.map(line).join('')}`);
          process.stdout.write(
            `improvements: ${d.improvements.length}\n${d.improvements.map(line).join('')}`,
          );
          if (d.added.length) process.stdout.write(`new cells: ${d.added.join(', ')}\n`);
          if (d.removed.length) process.stdout.write(`cells no longer run: ${d.removed.join(', ')}\n`);
        }
        if (d.regressions.length) throw new CliError(`${d.regressions.length} regression(s)`, 1);
      }),
    );

  rt.command('grader-eval')
    .description(
      'Precision and recall of the refusal grader on labelled answers (JSONL or XSTest CSV); several files are scored one by one and pooled',
    )
    .requiredOption(
      '--data <files...>',
      'labelled answers: .jsonl {"text","label"} or .csv with completion,final_label',
    )
    .option('--json', 'print the result as JSON')
    .option('--errors <n>', 'also print up to n misclassified answers per file', '0')
    .action(
      action(async (o: { data: string[]; json?: boolean; errors: string }) => {
        const a = await import('../../assurance/index.ts');
        const sets: { file: string; items: ReturnType<typeof a.readLabelled> }[] = [];
        for (const file of o.data) {
          try {
            sets.push({ file, items: a.readLabelled(file) });
          } catch (err) {
            throw new CliError(`--data: ${(err as Error).message}`, 2);
          }
        }
        const each = sets.map((x) => a.evaluateRefusal(x.items, x.file));
        const pooled =
          sets.length > 1
            ? a.evaluateRefusal(
                sets.flatMap((x) => x.items),
                `${sets.length} files pooled`,
              )
            : undefined;
        if (o.json) {
          process.stdout.write(`${JSON.stringify(pooled ? { files: each, pooled } : each[0], null, 2)}\n`);
          return;
        }
        const r0 = each[0]!;
        process.stdout.write(`refusal grader v${r0.graderVersion} rules ${r0.rulesHash.slice(0, 12)}\n`);
        for (const r of pooled ? [...each, pooled] : each) {
          process.stdout.write(
            `${r.data}: answers ${r.n} (refusals ${r.refusals}, compliances ${r.n - r.refusals})\n` +
              `  tp ${r.tp}  fp ${r.fp}  fn ${r.fn}  tn ${r.tn}\n  precision ${pct(r.precision)}  recall ${pct(r.recall)}\n`,
          );
          if (r !== pooled)
            for (const e of r.errors.slice(0, Number(o.errors) || 0))
              process.stdout.write(`    [${e.label}] ${e.text.replace(/\s+/g, ' ')}\n`);
        }
      }),
    );

  rt.command('probes')
    .description('List the probes with their strategies and OWASP / ATLAS ids')
    .action(
      action(async () => {
        const { loadRegistry } = await import('../../assurance/index.ts');
        const reg = await loadRegistry();
        printTable(
          ['probe', 'version', 'owasp', 'atlas', 'strategies'],
          [...reg.probes.values()].map((p) => [
            p.name,
            p.version,
            p.frameworks.owasp.join(' '),
            p.frameworks.atlas.join(' '),
            p.strategies.join(','),
          ]),
        );
      }),
    );

  rt.command('target')
    .description('Serve the deterministic demo target (OpenAI-compatible) with chosen weaknesses')
    .option('--port <n>', 'port', '8791')
    .option('--host <h>', 'address', '127.0.0.1')
    .option('--weakness <list>', 'comma-separated weaknesses to switch on (or "all")', '')
    .action(
      action(async (o: { port: string; host: string; weakness: string }) => {
        const { startDemoTarget, WEAKNESSES } = await import('../../demo/target.ts');
        const list = o.weakness === 'all' ? [...WEAKNESSES] : o.weakness.split(',').filter(Boolean);
        const bad = list.filter((w) => !(WEAKNESSES as readonly string[]).includes(w));
        if (bad.length)
          throw new CliError(`unknown weakness ${bad.join(', ')} (known: ${WEAKNESSES.join(', ')})`, 2);
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new CliError('--port must be 0–65535', 2);
        const t = await startDemoTarget({
          host: o.host,
          port,
          weaknesses: list as (typeof WEAKNESSES)[number][],
        });
        process.stdout.write(`demo target on ${t.url}/v1 (weaknesses: ${list.join(', ') || 'none'})\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await t.close();
      }),
    );
}
