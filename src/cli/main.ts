// The `parapet` command. Each file in ./commands/ is one command group exporting
// `register(program)`; groups are discovered, so adding one never edits this file.

import { readdirSync } from 'node:fs';
import { Command } from 'commander';

const program = new Command('parapet')
  .description('Parapet — an AI security platform: gateway, guards, monitor, registry, assurance, governance')
  .version('0.1.0')
  .showHelpAfterError();

const dir = new URL('./commands/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .sort();
for (const file of files) {
  const mod = (await import(new URL(file, dir).href)) as { register?: (p: Command) => void };
  if (typeof mod.register !== 'function') throw new Error(`src/cli/commands/${file} exports no register()`);
  mod.register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`parapet: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
