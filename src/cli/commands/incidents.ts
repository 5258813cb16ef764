// `parapet incidents list|show|ack|contain|resolve`: follow and move incidents opened by the monitor.

import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';
import { openCliStore, storeOption } from './lib/store-option.ts';
import { printTable } from './lib/table.ts';

const STATUSES = ['open', 'acknowledged', 'contained', 'resolved'] as const;
type Status = (typeof STATUSES)[number];

/** Who is acting: --as, else the OS user. */
export function actorOf(o: { as?: string }): string {
  const who = (o.as ?? userInfo().username).trim();
  if (!who || who.length > 100) throw new CliError('--as must be 1..100 characters', 2);
  return who;
}

async function records(o: { store?: string; config?: string }) {
  const { incidentStore } = await import('../../incidents/store.ts');
  const store = await openCliStore(o);
  const rec = incidentStore(store);
  await rec.migrate();
  return { store, rec };
}

export function register(program: Command): void {
  const inc = program
    .command('incidents')
    .description('List, show and move incidents (open → acknowledged → contained → resolved)');

  storeOption(
    inc
      .command('list')
      .description('List incidents, newest first')
      .option('--status <status>', `only ${STATUSES.join(', ')}`)
      .option('--limit <n>', 'at most this many', '50')
      .option('--json', 'JSON lines'),
  ).action(
    action(async (o: { status?: string; limit: string; json?: boolean; store?: string; config?: string }) => {
      if (o.status && !STATUSES.includes(o.status as Status))
        throw new CliError(`--status must be one of ${STATUSES.join(', ')}`, 2);
      const { store, rec } = await records(o);
      try {
        const list = await rec.listIncidents({
          limit: Math.min(Math.max(Number(o.limit) || 50, 1), 10_000),
          ...(o.status ? { status: o.status as Status } : {}),
        });
        if (o.json) {
          for (const i of list) process.stdout.write(`${JSON.stringify(i)}\n`);
          return;
        }
        if (!list.length) {
          process.stdout.write('no incidents\n');
          return;
        }
        printTable(
          ['ID', 'OPENED', 'STATUS', 'SEVERITY', 'OWNER', 'PLAYBOOK', 'TITLE'],
          list.map((i) => [
            i.id,
            new Date(i.openedAt).toISOString().slice(0, 19),
            i.status,
            i.severity,
            i.owner ?? '-',
            i.playbook,
            i.title.slice(0, 80),
          ]),
        );
      } finally {
        await store.close();
      }
    }),
  );

  storeOption(
    inc
      .command('show')
      .argument('<id>', 'incident id')
      .description('Show an incident: timeline, actions, playbook')
      .option('--json', 'one JSON object'),
  ).action(
    action(async (id: string, o: { json?: boolean; store?: string; config?: string }) => {
      const { store, rec } = await records(o);
      try {
        const i = await rec.getIncident(id);
        if (!i) throw new CliError(`no incident ${id}`);
        const timeline = await rec.timeline(id);
        const actions = await rec.listActions({ incidentId: id, limit: 1000 });
        const { loadPlaybooks } = await import('../../incidents/playbooks.ts');
        const pb = loadPlaybooks().get(i.playbook);
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ incident: i, timeline, actions, playbook: pb })}\n`);
          return;
        }
        process.stdout.write(
          `${i.id}  ${i.status}  ${i.severity}  owner ${i.owner ?? '-'}\n${i.title}\nopened ${new Date(i.openedAt).toISOString()}  playbook ${i.playbook}\n\nTIMELINE\n`,
        );
        for (const t of timeline) {
          const what =
            t.kind === 'alert'
              ? `${t.body.detector}: ${t.body.summary}`
              : t.kind === 'status'
                ? `${t.body.from ?? ''} → ${t.body.to}${t.body.note ? ` (${t.body.note})` : ''}`
                : JSON.stringify(t.body);
          process.stdout.write(
            `  ${new Date(t.at).toISOString().slice(0, 19)}  ${t.kind.padEnd(6)}  ${t.actor.padEnd(10)}  ${what}\n`,
          );
        }
        if (pb) {
          process.stdout.write(`\nPLAYBOOK: ${pb.title}\n`);
          for (const s of pb.steps)
            process.stdout.write(
              `  [${s.role}] ${s.do}${s.action ? `\n      $ ${s.action}` : ''}${s.automatic ? ' (automatic when configured)' : ''}\n`,
            );
        }
      } finally {
        await store.close();
      }
    }),
  );

  const move = (name: string, to: Status, what: string) =>
    storeOption(
      inc
        .command(name)
        .argument('<id>', 'incident id')
        .description(what)
        .option('--as <who>', 'who is acting (default: your OS user)')
        .option('--owner <who>', 'set the owner')
        .option('--note <text>', 'a note for the timeline'),
    ).action(
      action(
        async (
          id: string,
          o: { as?: string; owner?: string; note?: string; store?: string; config?: string },
        ) => {
          const actor = actorOf(o);
          const { transition } = await import('../../incidents/lifecycle.ts');
          const { store, rec } = await records(o);
          try {
            const r = await transition(rec, id, to, actor, {
              ...(o.owner ? { owner: o.owner.slice(0, 100) } : {}),
              ...(o.note ? { note: o.note.slice(0, 1000) } : {}),
            });
            if (!r.ok) throw new CliError(r.message, r.reason === 'not_found' ? 1 : 2);
            process.stdout.write(
              `${id} is ${r.incident.status}${r.incident.owner ? ` (owner ${r.incident.owner})` : ''}\n`,
            );
          } finally {
            await store.close();
          }
        },
      ),
    );
  move('ack', 'acknowledged', 'Acknowledge an incident (you become owner unless --owner)');
  move('contain', 'contained', 'Mark an incident contained');
  move('resolve', 'resolved', 'Resolve an incident');
  move('reopen', 'open', 'Reopen a resolved incident');
}
