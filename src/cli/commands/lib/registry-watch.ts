// `parapet registry watch NAME@ALIAS DIR`: re-verify a serving directory on a schedule; on a change,
// a critical alert (and incident) through the monitor's sinks and, with --disable-route (or
// registry.watch.disableRoutes in the config), the gateway model disabled on every node.

import type { Command } from 'commander';
import { action, CliError } from '../../fail.ts';
import { parseDuration } from './duration.ts';
import { openSharedFlags, stateOption } from './shared-state.ts';
import { cliConfig, openCliStore, storeOption } from './store-option.ts';

interface Options {
  interval: string;
  once?: boolean;
  disableRoute: string[];
  as?: string;
  json?: boolean;
  store?: string;
  config?: string;
  state?: string;
  statePrefix?: string;
}

const many = (value: string, prev: string[]): string[] => [...prev, value];

/** Registers `registry watch` under the `registry` command. */
export function registerWatch(reg: Command): void {
  stateOption(
    storeOption(
      reg
        .command('watch')
        .argument('<ref>', 'NAME@ALIAS the directory must hold, e.g. fraud@production')
        .argument('<dir>', 'the serving directory (what registry pull wrote)')
        .description(
          'Re-verify a serving directory on a schedule; alert (and disable the route) when a file changes',
        )
        .option('--interval <duration>', 'time between checks', '30s')
        .option('--once', 'check once; exit 1 if the directory does not match')
        .option(
          '--disable-route <model>',
          'disable this gateway model when the directory is tampered with (repeatable)',
          many,
          [],
        )
        .option('--as <who>', 'who acts (recorded with the disable action)', 'registry-watch')
        .option('--json', 'print each check as a JSON line'),
    ),
  ).action(
    action(async (refText: string, dir: string, o: Options) => {
      const at = refText.lastIndexOf('@');
      const name = at > 0 ? refText.slice(0, at) : '';
      const alias = at > 0 ? refText.slice(at + 1) : '';
      if (!name || !alias || /^[0-9]+$/.test(alias))
        throw new CliError(
          `expected NAME@ALIAS (an alias follows moves; a version never moves), not "${refText}"`,
          2,
        );
      const intervalMs = parseDuration(o.interval, '--interval');
      const cfg = await cliConfig(o);
      const { monitorConfig } = await import('../../../monitor/index.ts');
      const mon = monitorConfig.safeParse(cfg?.monitor ?? {});
      if (!mon.success) throw new CliError(`monitor: ${mon.error.message}`, 2);
      const disable = new Set(o.disableRoute);
      if (cfg?.registry.watch?.disableRoutes)
        for (const m of cfg.models) if (m.registry === `${name}@${alias}`) disable.add(m.name);

      const store = await openCliStore(o);
      let state: Awaited<ReturnType<typeof openSharedFlags>> | undefined;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      try {
        const { resolveVersion, migrateRegistry } = await import('../../../registry/index.ts');
        await migrateRegistry(store);
        if (!(await resolveVersion(store, { name, alias })))
          throw new CliError(`${name}@${alias} does not exist in the registry`, 2);
        state = disable.size > 0 ? await openSharedFlags(o, '--disable-route') : undefined;
        const { logSink, webhookSink } = await import('../../../monitor/alerts/sinks.ts');
        const sinks = mon.data.sinks.flatMap((s) =>
          s.type === 'webhook'
            ? [webhookSink(s)]
            : s.type === 'log'
              ? [logSink((obj, msg) => process.stderr.write(`${JSON.stringify({ ...obj, msg })}\n`))]
              : [],
        );
        let records;
        if (mon.data.sinks.some((s) => s.type === 'store')) {
          const { incidentStore } = await import('../../../incidents/store.ts');
          records = incidentStore(store);
          await records.migrate();
        }
        const { watchServing } = await import('../../../registry/watch.ts');
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        const last = await watchServing({
          store,
          name,
          alias,
          dir,
          intervalMs,
          ...(records ? { records } : {}),
          openAt: mon.data.incidents.openAt,
          sinks,
          ...(state ? { flags: state.flags, disableModels: [...disable] } : {}),
          actor: o.as ?? 'registry-watch',
          once: o.once,
          signal: stop.signal,
          onSinkError: (sink, err) => process.stderr.write(`alert sink ${sink} failed: ${err.message}\n`),
          onError: (err) => process.stderr.write(`registry watch: ${err.message}\n`),
          onCheck: (c, alerted) => {
            if (o.json) process.stdout.write(`${JSON.stringify({ ...c, alerted })}\n`);
            else
              process.stdout.write(
                `${new Date(c.at).toISOString()} ${c.ref}${c.version ? ` (version ${c.version})` : ''}: ${c.ok ? 'intact' : `${c.status === 'tampered' ? 'DOES NOT MATCH' : c.status.toUpperCase()}${alerted ? ' (alerted)' : ''}`}\n${c.lines.map((l) => `  ${l}\n`).join('')}`,
              );
          },
        });
        if (!last.ok) process.exitCode = 1;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await store.close();
        await state?.close();
      }
    }),
  );
}
