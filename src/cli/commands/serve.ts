// `parapet serve --config parapet.yaml`: runs the gateway (and, when the config asks, the built-in demo
// model) until SIGTERM or SIGINT, then drains in-flight calls and flushes the audit log.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the gateway')
    .option('-c, --config <file>', 'configuration file', 'parapet.yaml')
    .action(
      action(async (opts: { config: string }) => {
        const { loadConfig } = await import('../../config/index.ts');
        const { startGateway, StartError } = await import('../../gateway/index.ts');
        const { createAdmin } = await import('../../admin/index.ts');
        const loaded = loadConfig(opts.config);
        if (!loaded.ok) throw new CliError(`invalid configuration:\n${loaded.errors.join('\n')}`, 2);
        const config = loaded.config;

        let demo: { close(): Promise<void> } | undefined;
        if (config.demo) {
          const { startDemoUpstream } = await import('../../demo/upstream.ts');
          try {
            demo = await startDemoUpstream({ port: config.demo.port });
          } catch (err) {
            throw new CliError(
              `cannot start the demo model on port ${config.demo.port}: ${(err as Error).message}`,
            );
          }
        }
        let gateway: Awaited<ReturnType<typeof startGateway>>;
        try {
          gateway = await startGateway(config, { admin: createAdmin });
        } catch (err) {
          await demo?.close();
          if (err instanceof StartError) throw new CliError(err.message);
          throw err;
        }
        if (config.demo) await printDemoKey(gateway.store, gateway.url);

        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          gateway.deps.log?.info({ signal }, 'shutting down');
          await gateway.close();
          await demo?.close();
          process.exit(0);
        };
        process.on('SIGTERM', () => void stop('SIGTERM'));
        process.on('SIGINT', () => void stop('SIGINT'));
      }),
    );
}

/** On a demo's first start, makes an app key for every model and shows it once. */
async function printDemoKey(store: import('../../store/index.ts').Store, url: string): Promise<void> {
  const { createKey } = await import('../../identity/keys/index.ts');
  if ((await store.keys.list()).length > 0) return;
  const { key } = await createKey(store, { name: 'demo', roles: ['app'], models: ['*'] });
  process.stderr.write(
    `\nParapet demo is up at ${url}. A demo API key was created (shown only this once):\n\n  export KEY=${key}\n\n` +
      `  curl -s ${url}/v1/chat/completions -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \\\n` +
      `    -d '{"model":"demo-chat","messages":[{"role":"user","content":"hello"}]}'\n\n`,
  );
}
