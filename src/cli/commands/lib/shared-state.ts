// The shared state (Redis) that holds enforcement flags, for CLI commands that set them (`act`,
// `registry watch --disable-route`): `--state redis://…`, else the config's state, else $PARAPET_STATE.

import type { Command } from 'commander';
import { CliError } from '../../fail.ts';
import { cliConfig } from './store-option.ts';

export interface StateFlagsOptions {
  state?: string;
  statePrefix?: string;
  config?: string;
}

/** Adds `--state` and `--state-prefix`. */
export function stateOption(cmd: Command): Command {
  return cmd
    .option(
      '--state <url>',
      'shared state holding enforcement flags: redis://… (default: the config’s state, or $PARAPET_STATE)',
    )
    .option('--state-prefix <prefix>', 'key prefix in that Redis (default: the config’s, or parapet:)');
}

/** Opens the shared state's flags; the caller closes it. A missing or non-Redis state is a usage error. */
export async function openSharedFlags(o: StateFlagsOptions, why: string) {
  const cfg = o.state ? undefined : await cliConfig(o);
  const url =
    o.state ?? (cfg?.state.kind === 'redis' ? cfg.state.url : (process.env.PARAPET_STATE ?? undefined));
  if (!url || !/^rediss?:\/\//.test(url))
    throw new CliError(
      `${why} sets an enforcement flag, which needs the shared state: pass --state redis://… (or a --config whose state is redis). With in-process state, use the admin API of the running gateway.`,
      2,
    );
  const { createState } = await import('../../../state/index.ts');
  const prefix = o.statePrefix ?? (cfg?.state.kind === 'redis' ? cfg.state.prefix : undefined);
  return createState({ kind: 'redis', url, ...(prefix ? { prefix } : {}) }).catch((err: Error) => {
    throw new CliError(`cannot reach the shared state: ${err.message}`);
  });
}
