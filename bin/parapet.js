#!/usr/bin/env node
// The `parapet` command. Parapet's sources are TypeScript run directly by Node's type stripping
// (Node >= 22.18). On an older Node, re-run this file with the Node 24 the project installs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, '..', 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    process.stderr.write(
      `parapet: needs Node.js >= 22.18 (found ${process.versions.node}); run npm ci to install Node 24\n`,
    );
    process.exit(1);
  }
  const r = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name === 'ExperimentalWarning') return;
  process.stderr.write(`${w.name}: ${w.message}\n`);
});
await import('../src/cli/main.ts');
