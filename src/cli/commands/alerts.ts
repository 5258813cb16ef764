// `parapet alerts`: the monitor's recent alerts from the store, newest first, with their evidence.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';
import { parseTime } from './lib/duration.ts';
import { openCliStore, storeOption } from './lib/store-option.ts';
import { printTable } from './lib/table.ts';

const SEVERITIES = ['low', 'medium', 'high', 'critical'];

export function register(program: Command): void {
  storeOption(
    program
      .command('alerts')
      .description("List the monitor's alerts, newest first")
      .option('--since <time>', 'ISO time or a duration back from now, e.g. 24h', '24h')
      .option('--severity <level>', 'only this severity: low, medium, high, critical')
      .option('--detector <name>', 'only this detector, e.g. extraction.prada')
      .option('--identity <id>', 'only alerts involving this identity')
      .option('--limit <n>', 'at most this many', '50')
      .option('--json', 'JSON lines with the full evidence'),
  ).action(
    action(
      async (o: {
        since: string;
        severity?: string;
        detector?: string;
        identity?: string;
        limit: string;
        json?: boolean;
        store?: string;
        config?: string;
      }) => {
        if (o.severity && !SEVERITIES.includes(o.severity))
          throw new CliError(`--severity must be one of ${SEVERITIES.join(', ')}`, 2);
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
          throw new CliError('--limit must be an integer 1..10000', 2);
        const since = parseTime(o.since, '--since').getTime();
        const { incidentStore } = await import('../../incidents/store.ts');
        const store = await openCliStore(o);
        try {
          const rec = incidentStore(store);
          await rec.migrate();
          const list = await rec.listAlerts({
            since,
            limit,
            ...(o.severity ? { severity: o.severity } : {}),
            ...(o.detector ? { detector: o.detector } : {}),
            ...(o.identity ? { identity: o.identity } : {}),
          });
          if (o.json) {
            for (const a of list) process.stdout.write(`${JSON.stringify(a)}\n`);
            return;
          }
          if (!list.length) {
            process.stdout.write('no alerts\n');
            return;
          }
          printTable(
            ['TIME', 'SEVERITY', 'DETECTOR', 'IDENTITIES', 'INCIDENT', 'SUMMARY'],
            list.map((a) => [
              new Date(a.at).toISOString().slice(0, 19),
              a.severity,
              a.detector,
              a.identities.slice(0, 3).join(',') +
                (a.identities.length > 3 ? ` +${a.identities.length - 3}` : ''),
              a.incidentId ?? '-',
              a.summary.slice(0, 100),
            ]),
          );
        } finally {
          await store.close();
        }
      },
    ),
  );
}
