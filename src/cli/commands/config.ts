// `parapet config check FILE` and `parapet config schema`: validate a config the way `serve` will, and
// print the JSON Schema editors use for completion and inline errors.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';

export function register(program: Command): void {
  const config = program.command('config').description('Check configuration files and print their schema');

  config
    .command('check')
    .argument('<file>', 'parapet.yaml to validate')
    .description('Validate a config file; errors name the line, the path and what was expected')
    .action(
      action(async (file: string) => {
        const { loadConfig } = await import('../../config/index.ts');
        const r = loadConfig(file);
        if (!r.ok) throw new CliError(`${r.errors.length} error(s):\n${r.errors.join('\n')}`, 2);
        const c = r.config;
        process.stdout.write(
          `${file}: ok — ${c.models.length} model(s), listen ${c.listen.tls ? 'https' : 'http'}://${c.listen.host}:${c.listen.port}, ` +
            `store ${c.store.kind}, state ${c.state.kind}, audit ${c.audit.durability}\n`,
        );
      }),
    );

  config
    .command('schema')
    .description('Print the config JSON Schema (draft 2020-12)')
    .action(
      action(async () => {
        const { z } = await import('zod');
        const { configSchema } = await import('../../config/index.ts');
        const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
        process.stdout.write(`${JSON.stringify({ title: 'Parapet configuration', ...schema }, null, 2)}\n`);
      }),
    );
}
