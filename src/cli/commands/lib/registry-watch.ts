// `parapet registry watch NAME@ALIAS DIR`: re-verify a serving directory on a schedule; on a change,
// a critical alert (and incident) and, with --disable-route, the gateway model disabled on every node.

import type { Command } from 'commander';
import { action, CliError } from '../../fail.ts';
import { parseDuration } from './duration.ts';
import { openSharedFlags, stateOption } from './shared-state.ts';
import { openCliStore, storeOption } from './store-option.ts';

interface Options {
  interval: string;
  once?: boolean;
  disableRoute?: string;
  as?: string;
  json?: boolean;
  store?: string;
  config?: string;
  state?: string;
  statePrefix?: string;
}

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
        .option('--disable-route <model>', 'disable this gateway model when the directory stops matching')
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
      const state = o.disableRoute ? await openSharedFlags(o, '--disable-route') : undefined;
      const store = await openCliStore(o);
      const { incidentStore } = await import('../../../incidents/store.ts');
      const { watchServing } = await import('../../../registry/watch.ts');
      const records = incidentStore(store);
      await records.migrate();
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const last = await watchServing({
          store,
          name,
          alias,
          dir,
          intervalMs,
          records,
          ...(state ? { flags: state.flags } : {}),
          ...(o.disableRoute ? { disableModel: o.disableRoute } : {}),
          actor: o.as ?? 'registry-watch',
          once: o.once,
          signal: stop.signal,
          onCheck: (c, alerted) => {
            if (o.json) process.stdout.write(`${JSON.stringify({ ...c, alerted })}\n`);
            else
              process.stdout.write(
                `${new Date(c.at).toISOString()} ${c.ref}${c.version ? ` (version ${c.version})` : ''}: ${c.ok ? 'intact' : `DOES NOT MATCH${alerted ? ' (alerted)' : ''}`}\n${c.lines.map((l) => `  ${l}\n`).join('')}`,
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
