// `parapet act revoke|block|unblock|throttle|disable|enable|perturb|rollback`: response actions by an
// operator. Blocks, throttles and disables go through the shared state's flags (Redis), so every
// gateway node enforces them within a second; each action is audited in the response_actions table.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';
import { actorOf } from './incidents.ts';
import { parseDuration } from './lib/duration.ts';
import { openSharedFlags, stateOption } from './lib/shared-state.ts';
import { openCliStore, storeOption } from './lib/store-option.ts';

interface Common {
  as?: string;
  reason?: string;
  incident?: string;
  state?: string;
  statePrefix?: string;
  store?: string;
  config?: string;
  json?: boolean;
}

const common = (cmd: Command) =>
  stateOption(storeOption(cmd))
    .option('--reason <text>', 'why (kept in the audit record)', 'operator action')
    .option('--incident <id>', 'attach the action to this incident')
    .option('--as <who>', 'who is acting (default: your OS user)')
    .option('--json', 'print the audit record as JSON');

const ttlOf = (t?: string) =>
  t === undefined ? {} : { ttlSeconds: Math.ceil(parseDuration(t, '--ttl') / 1000) };

async function run(o: Common, req: import('../../incidents/actions.ts').ActionRequest, needsFlags: boolean) {
  const actor = actorOf(o);
  const { runAction } = await import('../../incidents/actions.ts');
  const { incidentStore } = await import('../../incidents/store.ts');
  const { z } = await import('zod');
  let flags: import('../../state/index.ts').Flags | undefined;
  let closeState = async () => {};
  if (needsFlags) {
    const state = await openSharedFlags(o, 'this action');
    flags = state.flags;
    closeState = () => state.close();
  }
  const store = await openCliStore(o);
  try {
    const records = incidentStore(store);
    await records.migrate();
    if (o.incident && !(await records.getIncident(o.incident)))
      throw new CliError(`no incident ${o.incident}`);
    const noFlags = {
      set: async () => {},
      clear: async () => {},
      list: async () => [],
      check: () => false,
      get: () => undefined,
    };
    const rec = await runAction({ store, records, flags: flags ?? noFlags }, req, {
      actor,
      reason: (o.reason ?? 'operator action').slice(0, 500),
      ...(o.incident ? { incidentId: o.incident } : {}),
    }).catch((err: unknown) => {
      if (err instanceof z.ZodError)
        throw new CliError(err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 2);
      throw err;
    });
    if (o.json) process.stdout.write(`${JSON.stringify(rec)}\n`);
    else
      process.stdout.write(
        `${rec.action} ${rec.targetKind} ${rec.target}: ${rec.outcome} (audited as ${rec.id})\n`,
      );
    if (rec.outcome !== 'done') process.exitCode = 1;
  } finally {
    await store.close();
    await closeState();
  }
}

function one(o: object, names: string[]): [string, string] {
  const v = o as Record<string, unknown>;
  const given = names.filter((n) => typeof v[n] === 'string');
  if (given.length !== 1)
    throw new CliError(`give exactly one of ${names.map((n) => `--${n}`).join(', ')}`, 2);
  return [given[0]!, String(v[given[0]!])];
}

export function register(program: Command): void {
  const act = program
    .command('act')
    .description('Respond: revoke keys, block, throttle, disable, perturb, roll back (all audited)');

  common(
    act.command('revoke').description('Revoke an API key').requiredOption('--key <id>', 'key id'),
  ).action(
    action(async (o: Common & { key: string }) => run(o, { action: 'revoke_key', keyId: o.key }, false)),
  );

  for (const [name, verb] of [
    ['block', 'block'],
    ['unblock', 'unblock'],
  ] as const)
    common(
      act
        .command(name)
        .description(
          name === 'block' ? 'Block an identity or a source address on every gateway' : 'Lift a block',
        )
        .option('--identity <id>', 'identity id (key id, JWT subject, certificate subject)')
        .option('--source <ip>', 'source address')
        .option('--ttl <duration>', 'how long, e.g. 1h, 7d (default: until unblocked)'),
    ).action(
      action(async (o: Common & { identity?: string; source?: string; ttl?: string }) => {
        const [kind, id] = one(o, ['identity', 'source']) as ['identity' | 'source', string];
        await run(
          o,
          verb === 'block' ? { action: 'block', kind, id, ...ttlOf(o.ttl) } : { action: 'unblock', kind, id },
          true,
        );
      }),
    );

  common(
    act
      .command('throttle')
      .description('Cap an identity at N requests per minute')
      .requiredOption('--identity <id>', 'identity id')
      .requiredOption('--per-minute <n>', 'requests per minute')
      .option('--ttl <duration>', 'how long (default: until cleared)'),
  ).action(
    action(async (o: Common & { identity: string; perMinute: string; ttl?: string }) => {
      const n = Number(o.perMinute);
      if (!Number.isInteger(n) || n < 0) throw new CliError('--per-minute must be a whole number ≥ 0', 2);
      await run(o, { action: 'throttle', identity: o.identity, perMinute: n, ...ttlOf(o.ttl) }, true);
    }),
  );

  for (const name of ['disable', 'enable'] as const)
    common(
      act
        .command(name)
        .description(
          name === 'disable'
            ? 'Take a route or model out of service on every gateway'
            : 'Put a disabled route or model back',
        )
        .option('--route <route>', 'route template')
        .option('--model <name>', 'model name')
        .option('--ttl <duration>', 'how long (default: until enabled)'),
    ).action(
      action(async (o: Common & { route?: string; model?: string; ttl?: string }) => {
        const [kind, id] = one(o, ['route', 'model']) as ['route' | 'model', string];
        await run(
          o,
          name === 'disable'
            ? { action: 'disable', kind, id, ...ttlOf(o.ttl) }
            : { action: 'unblock', kind, id },
          true,
        );
      }),
    );

  common(
    act
      .command('perturb')
      .description('Round or noise the confidences returned to a suspect identity (its top label is kept)')
      .requiredOption('--identity <id>', 'identity id')
      .option('--mode <mode>', 'round, noise or top1', 'round')
      .option('--decimals <n>', 'for round', '1')
      .option('--scale <x>', 'for noise, in probability units', '0.1')
      .option('--ttl <duration>', 'how long (default: until cleared)'),
  ).action(
    action(
      async (
        o: Common & { identity: string; mode: string; decimals: string; scale: string; ttl?: string },
      ) => {
        const perturb =
          o.mode === 'round'
            ? { mode: 'round' as const, decimals: Number(o.decimals) }
            : o.mode === 'noise'
              ? { mode: 'noise' as const, scale: Number(o.scale) }
              : o.mode === 'top1'
                ? { mode: 'top1' as const }
                : undefined;
        if (!perturb) throw new CliError('--mode must be round, noise or top1', 2);
        await run(o, { action: 'perturb', identity: o.identity, perturb, ...ttlOf(o.ttl) }, true);
      },
    ),
  );

  common(
    act
      .command('rollback')
      .description(
        'Roll a model back to an earlier registry version (needs the registry hook in the gateway)',
      )
      .requiredOption('--model <name>', 'model name')
      .option('--to <version>', 'version to serve (default: the previous one)'),
  ).action(
    action(async (o: Common & { model: string; to?: string }) =>
      run(o, { action: 'rollback', model: o.model, ...(o.to ? { toVersion: o.to } : {}) }, false),
    ),
  );
}
