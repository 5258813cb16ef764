// Where CLI commands find the store: `--config parapet.yaml` (the store the gateway writes), else
// `--store sqlite:PATH | postgres://…`, else $PARAPET_STORE, else `sqlite:.parapet/parapet.db`.

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

/** Adds the `--config` and `--store` options to a command. */
export function storeOption(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'use the store (and audit key) of this parapet.yaml')
    .option('--store <spec>', `sqlite:PATH or postgres://… (default: $PARAPET_STORE or ${DEFAULT_STORE})`);
}

/** Loads `--config` when given; a bad file is a CliError listing what is wrong. */
export async function cliConfig(opts: { config?: string }) {
  if (!opts.config) return undefined;
  const { loadConfig } = await import('../../../config/index.ts');
  const r = loadConfig(opts.config);
  if (!r.ok) throw new CliError(`invalid configuration:\n${r.errors.join('\n')}`, 2);
  return r.config;
}

/** Opens the store a command's options point at; the caller closes it. */
export async function openCliStore(opts: { store?: string; config?: string }) {
  const { openStore } = await import('../../../store/index.ts');
  const config = opts.store ? undefined : await cliConfig(opts);
  const target: StoreOptions = config ? config.store : resolveStoreOption(opts.store);
  try {
    return await openStore(target);
  } catch (err) {
    const where = target.kind === 'sqlite' ? target.path : 'PostgreSQL';
    throw new CliError(`cannot open the store (${where}): ${(err as Error).message}`);
  }
}
