// `parapet keys create|list|revoke`: manage API keys. The key is printed once, at creation; listings
// never show secrets or their hashes.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';
import { parseDuration } from './lib/duration.ts';
import { openCliStore, storeOption } from './lib/store-option.ts';
import { printTable } from './lib/table.ts';

const collect = (value: string, prev: string[]): string[] => [
  ...prev,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

export function register(program: Command): void {
  const keys = program.command('keys').description('Create, list and revoke API keys');

  storeOption(
    keys
      .command('create')
      .description('Create an API key and print it once')
      .requiredOption('--name <name>', 'what the key is for')
      .option('--role <role>', 'a role (repeatable, or a comma list)', collect, [])
      .option('--models <list>', 'models the key may call, comma list; * for all', collect, [])
      .option('--ttl <duration>', 'lifetime, e.g. 24h, 30d (default: no expiry)')
      .option('--tenant <tenant>', 'tenant the key belongs to')
      .option('--json', 'print {id, key} as JSON'),
  ).action(
    action(
      async (o: {
        name: string;
        role: string[];
        models: string[];
        ttl?: string;
        tenant?: string;
        json?: boolean;
        store?: string;
      }) => {
        if (o.role.length === 0) throw new CliError('give the key at least one --role', 2);
        const ttlSeconds = o.ttl === undefined ? undefined : Math.ceil(parseDuration(o.ttl, '--ttl') / 1000);
        const { createKey } = await import('../../identity/keys/index.ts');
        const { z } = await import('zod');
        const store = await openCliStore(o);
        try {
          const { id, key } = await createKey(store, {
            name: o.name,
            roles: o.role,
            models: o.models.length ? o.models : ['*'],
            ttlSeconds,
            tenant: o.tenant,
          }).catch((err: unknown) => {
            if (err instanceof z.ZodError)
              throw new CliError(err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 2);
            throw err;
          });
          if (o.json) process.stdout.write(`${JSON.stringify({ id, key })}\n`);
          else
            process.stdout.write(
              `created key ${id} (${o.name})\n${key}\nThis is the only time the key is shown: store it now.\n`,
            );
        } finally {
          await store.close();
        }
      },
    ),
  );

  storeOption(
    keys.command('list').description('List keys (never their secrets)').option('--json', 'JSON lines'),
  ).action(
    action(async (o: { json?: boolean; store?: string }) => {
      const { listKeys } = await import('../../identity/keys/index.ts');
      const store = await openCliStore(o);
      try {
        const list = await listKeys(store);
        if (o.json) {
          for (const k of list) process.stdout.write(`${JSON.stringify(k)}\n`);
          return;
        }
        const rows = list.map((k) => [
          k.id,
          k.name,
          k.roles.join(','),
          k.models.join(','),
          k.created.slice(0, 19),
          k.expires?.slice(0, 19) ?? '-',
          k.lastUsed?.slice(0, 19) ?? 'never',
          k.revoked ? `revoked ${k.revoked.slice(0, 19)}` : 'active',
        ]);
        printTable(['ID', 'NAME', 'ROLES', 'MODELS', 'CREATED', 'EXPIRES', 'LAST USED', 'STATUS'], rows);
      } finally {
        await store.close();
      }
    }),
  );

  storeOption(
    keys.command('revoke').argument('<id>', 'key id (the part after pk_)').description('Revoke a key'),
  ).action(
    action(async (id: string, o: { store?: string }) => {
      const { revokeKey } = await import('../../identity/keys/index.ts');
      const store = await openCliStore(o);
      try {
        if (!(await revokeKey(store, id))) throw new CliError(`no key with id ${id}`);
        process.stdout.write(`revoked ${id}; gateways refuse it within a second\n`);
      } finally {
        await store.close();
      }
    }),
  );
}
