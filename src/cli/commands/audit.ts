// `parapet audit tail|query|verify`: read and check the tamper-evident audit log.

import type { Command } from 'commander';
import type { ChainedEvent } from '../../audit/index.ts';
import { action, CliError } from '../fail.ts';
import { parseTime } from './lib/duration.ts';
import { cliConfig, openCliStore, storeOption } from './lib/store-option.ts';

const DEFAULT_KEY_FILE = '.parapet/audit-signing.pem';

interface Print {
  json?: boolean;
  ocsf?: boolean;
}

async function printer(o: Print): Promise<(e: ChainedEvent) => void> {
  if (o.ocsf) {
    const { toOcsf } = await import('../../audit/index.ts');
    return (e) => process.stdout.write(`${JSON.stringify(toOcsf(e.event))}\n`);
  }
  if (o.json) return (e) => process.stdout.write(`${JSON.stringify(e)}\n`);
  return (c) => {
    const e = c.event;
    const cells = [
      e.time,
      `${c.node}#${c.seq}`,
      e.decision.toUpperCase(),
      `${e.identity.kind}:${e.identity.id}`,
      e.request.model ?? e.request.route,
      String(e.response.status),
      e.reasons.join(',') || '-',
      e.requestId,
    ];
    process.stdout.write(`${cells.join('  ')}\n`);
  };
}

const limitArg = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new CliError('-n/--limit must be an integer 1-10000', 2);
  return n;
};

export function register(program: Command): void {
  const audit = program.command('audit').description('Read and verify the audit log');

  storeOption(
    audit
      .command('tail')
      .description('Print the newest events; --follow keeps printing new ones')
      .option('-n, --lines <n>', 'how many', limitArg, 20)
      .option('-f, --follow', 'keep printing events as they are committed')
      .option('--json', 'one ChainedEvent JSON per line')
      .option('--ocsf', 'one OCSF API Activity JSON per line'),
  ).action(
    action(async (o: Print & { lines: number; follow?: boolean; store?: string }) => {
      const { followCursor, readNew, tailAudit } = await import('../../audit/index.ts');
      const print = await printer(o);
      const store = await openCliStore(o);
      try {
        const cursor = await followCursor(store);
        for (const e of await tailAudit(store, o.lines)) print(e);
        if (!o.follow) return;
        let stop = false;
        const onSignal = (): void => {
          stop = true;
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        while (!stop) {
          await new Promise((r) => setTimeout(r, 500));
          for (const e of await readNew(store, cursor)) print(e);
        }
      } finally {
        await store.close();
      }
    }),
  );

  storeOption(
    audit
      .command('query')
      .description('Find events by identity, model, decision and time (newest first)')
      .option('--identity <id>', 'key id, JWT subject or certificate id')
      .option('--model <name>', 'model name')
      .option('--decision <d>', 'allow or deny')
      .option('--node <name>', 'gateway node')
      .option('--since <time>', 'ISO time or a duration ago (1h, 30m)')
      .option('--until <time>', 'ISO time or a duration ago')
      .option('-n, --limit <n>', 'most events', limitArg, 100)
      .option('--json', 'one ChainedEvent JSON per line')
      .option('--ocsf', 'one OCSF API Activity JSON per line'),
  ).action(
    action(
      async (
        o: Print & {
          identity?: string;
          model?: string;
          decision?: string;
          node?: string;
          since?: string;
          until?: string;
          limit: number;
          store?: string;
        },
      ) => {
        if (o.decision !== undefined && o.decision !== 'allow' && o.decision !== 'deny')
          throw new CliError('--decision must be allow or deny', 2);
        const since = o.since === undefined ? undefined : parseTime(o.since, '--since');
        const until = o.until === undefined ? undefined : parseTime(o.until, '--until');
        const { queryAudit } = await import('../../audit/index.ts');
        const print = await printer(o);
        const store = await openCliStore(o);
        try {
          const events = await queryAudit(store, {
            identity: o.identity,
            model: o.model,
            decision: o.decision as 'allow' | 'deny' | undefined,
            node: o.node,
            since,
            until,
            limit: o.limit,
          });
          for (const e of events) print(e);
        } finally {
          await store.close();
        }
      },
    ),
  );

  storeOption(
    audit
      .command('verify')
      .description('Check every chain and signed checkpoint; exit 1 naming the first bad record')
      .option('--node <name>', 'only this gateway node')
      .option(
        '--key-file <pem>',
        `a key (private or public PEM) checkpoints may be signed with; repeat for nodes with their own keys (default: ${DEFAULT_KEY_FILE})`,
        (v: string, prev: string[] = []) => [...prev, v],
      )
      .option('--json', 'print the report as JSON'),
  ).action(
    action(
      async (o: { node?: string; keyFile?: string[]; json?: boolean; store?: string; config?: string }) => {
        const { existsSync } = await import('node:fs');
        const { readPublicKey, verifyAuditLog } = await import('../../audit/index.ts');
        // With --config, the gateway's own audit key is pinned. Only the default key file may be absent
        // (then signatures are checked unpinned, with a warning).
        const configured = (await cliConfig(o))?.audit.keyFile;
        const fallback = configured && existsSync(configured) ? configured : DEFAULT_KEY_FILE;
        const files = o.keyFile ?? (existsSync(fallback) ? [fallback] : []);
        const trustedKeys = files.length
          ? files.map((f) => {
              try {
                return readPublicKey(f);
              } catch (err) {
                throw new CliError(`cannot read --key-file ${f}: ${(err as Error).message}`, 2);
              }
            })
          : undefined;
        const store = await openCliStore(o);
        try {
          const report = await verifyAuditLog(store, { node: o.node, trustedKeys });
          if (o.json) process.stdout.write(`${JSON.stringify(report)}\n`);
          else {
            for (const n of report.nodes) {
              const signed = `${n.checkpoints} signed checkpoints (last at seq ${n.lastCheckpointSeq})`;
              process.stdout.write(
                n.problem
                  ? `BAD  ${n.node}: records 1-${n.lastSeq} intact, problem at seq ${n.problem.seq}; ${signed}\n`
                  : `ok   ${n.node}: ${n.records} records (seq 1-${n.lastSeq}) intact; ${signed}; ` +
                      `${n.lastSeq - n.lastCheckpointSeq} newer records not yet signed\n`,
              );
            }
            if (!trustedKeys)
              process.stdout.write(
                `warning: ${DEFAULT_KEY_FILE} not found and no --key-file given; signatures were checked against the keys stored beside them, not a pinned key\n`,
              );
          }
          if (report.problem) {
            const p = report.problem;
            throw new CliError(`audit log tampered: node ${p.node} seq ${p.seq}: ${p.kind}: ${p.message}`);
          }
          if (!o.json) process.stdout.write(`audit log intact: ${report.nodes.length} node(s)\n`);
        } finally {
          await store.close();
        }
      },
    ),
  );
}
