// `parapet registry rekey --new-key-file F`: re-seal every blob of the registry under a new key (or seal
// a plaintext store), reading with the configured key ring; safe to interrupt and run again.

import type { Command } from 'commander';
import type { Blobs } from '../../../registry/index.ts';
import { action, CliError } from '../../fail.ts';

interface Common {
  store?: string;
  dir?: string;
  config?: string;
}

/**
 * Registers `registry rekey`. `withCommon` adds the registry's `--config/--store/--dir` options and
 * `settings` resolves them to the blob directory and its encryption, as every registry command does.
 */
export function registerRekey(
  reg: Command,
  withCommon: (cmd: Command) => Command,
  settings: (o: Common) => Promise<{ dir: Blobs }>,
): void {
  withCommon(
    reg
      .command('rekey')
      .requiredOption('--new-key-file <file>', 'the new 256-bit key (raw, hex or base64)')
      .option('--json', 'print the result as JSON')
      .description(
        'Re-seal every blob under a new key (or seal a plaintext store); safe to interrupt and re-run. Then make it registry.encryption.keyFile',
      ),
  ).action(
    action(async (o: Common & { newKeyFile: string; json?: boolean }) => {
      const r = await import('../../../registry/index.ts');
      const { readFileSync } = await import('node:fs');
      const { dir } = await settings(o);
      let next;
      try {
        next = r.parseBlobKey(readFileSync(o.newKeyFile), `--new-key-file ${o.newKeyFile}`);
      } catch (err) {
        throw new CliError((err as Error).message, 2);
      }
      const old = typeof dir === 'string' ? [] : (dir.encryption?.ring ?? []);
      const res = await r.rekeyBlobs(r.blobsDir(dir), { current: next, ring: [next, ...old] });
      if (o.json) process.stdout.write(`${JSON.stringify(res)}\n`);
      else {
        process.stdout.write(
          `re-sealed ${res.resealed} blob(s) under key ${next.id.toString('hex')}; ${res.skipped} already were\n`,
        );
        for (const f of res.failed) process.stdout.write(`  FAILED ${f.digest}: ${f.error}\n`);
      }
      if (res.failed.length > 0)
        throw new CliError(`${res.failed.length} blob(s) could not be re-sealed (left as they were)`);
    }),
  );
}
