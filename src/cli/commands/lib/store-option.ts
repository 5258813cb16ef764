// Where CLI commands find the store: `--store sqlite:PATH | postgres://…`, else $PARAPET_STORE, else
// `sqlite:.parapet/parapet.db`. Kept in one function so a `--config` option can slot in later.

import type { Command } from 'commander';
import type { StoreOptions } from '../../../store/index.ts';
import { CliError } from '../../fail.ts';

export const DEFAULT_STORE = 'sqlite:.parapet/parapet.db';

/** Turns a store spec (flag value, environment, default — first present wins) into store options. */
export function resolveStoreOption(flag?: string, env: NodeJS.ProcessEnv = process.env): StoreOptions {
  const spec = flag ?? env.PARAPET_STORE ?? DEFAULT_STORE;
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    if (!path) throw new CliError('--store sqlite: needs a file path, e.g. sqlite:.parapet/parapet.db', 2);
    return { kind: 'sqlite', path };
  }
  if (spec.startsWith('postgres://') || spec.startsWith('postgresql://'))
    return { kind: 'postgres', url: spec };
  throw new CliError(`--store must be sqlite:PATH or postgres://…, not "${spec.slice(0, 40)}"`, 2);
}

/** Adds the `--store` option to a command. */
export function storeOption(cmd: Command): Command {
  return cmd.option(
    '--store <spec>',
    `sqlite:PATH or postgres://… (default: $PARAPET_STORE or ${DEFAULT_STORE})`,
  );
}

/** Opens the store a command's options point at; the caller closes it. */
export async function openCliStore(opts: { store?: string }) {
  const { openStore } = await import('../../../store/index.ts');
  const target = resolveStoreOption(opts.store);
  try {
    return await openStore(target);
  } catch (err) {
    const where = target.kind === 'sqlite' ? target.path : 'PostgreSQL';
    throw new CliError(`cannot open the store (${where}): ${(err as Error).message}`);
  }
}
