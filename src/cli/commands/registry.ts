// `parapet registry push|pull|list|history|alias|rollback`: versioned models and datasets. Files go
// to a content-addressed blob directory; immutable versions, aliases and history go to the store.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';
import { openCliStore, storeOption } from './lib/store-option.ts';
import { printTable } from './lib/table.ts';

const DEFAULT_DIR = '.parapet/registry';
const many = (value: string, prev: string[]): string[] => [...prev, value];

interface Common {
  store?: string;
  dir?: string;
}

function withCommon(cmd: Command): Command {
  return storeOption(cmd).option(
    '--dir <path>',
    `blob directory (default: $PARAPET_REGISTRY_DIR or ${DEFAULT_DIR})`,
  );
}

const blobDir = (o: Common) => o.dir ?? process.env.PARAPET_REGISTRY_DIR ?? DEFAULT_DIR;

async function actor(): Promise<string> {
  const { userInfo } = await import('node:os');
  try {
    return process.env.PARAPET_ACTOR ?? userInfo().username;
  } catch {
    return 'unknown';
  }
}

async function withStore<T>(
  o: Common,
  fn: (store: Awaited<ReturnType<typeof openCliStore>>) => Promise<T>,
): Promise<T> {
  const store = await openCliStore(o);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function version(text: string, flag: string): number {
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) < 1)
    throw new CliError(`${flag} must be a version number`, 2);
  return Number(text);
}

export function register(program: Command): void {
  const reg = program
    .command('registry')
    .description('Versioned models and datasets: push, pull, history, rollback');

  withCommon(
    reg
      .command('push')
      .argument('<path>', 'model or dataset directory (or single file)')
      .description(
        'Store the files as blobs and record a new immutable version (identical content: same version)',
      )
      .requiredOption('--name <name>', 'artifact name (letters, digits, . _ - and /)')
      .option('--kind <kind>', 'model or dataset', 'model')
      .option('--key <pem>', 'also sign the OMS manifest with this private key')
      .option('--ignore-paths <path>', 'leave a path out (repeatable)', many, [])
      .option('--json', 'print the result as JSON')
      .option('--no-progress', 'no progress bar'),
  ).action(
    action(
      async (
        path: string,
        o: Common & {
          name: string;
          kind: string;
          key?: string;
          ignorePaths: string[];
          json?: boolean;
          progress: boolean;
        },
      ) => {
        if (o.kind !== 'model' && o.kind !== 'dataset')
          throw new CliError('--kind must be model or dataset', 2);
        const kind = o.kind;
        const { readFile } = await import('node:fs/promises');
        const { existsSync } = await import('node:fs');
        const { resolve } = await import('node:path');
        const r = await import('../../registry/index.ts');
        const key = o.key
          ? await readFile(o.key, 'utf8').catch((e: Error) => {
              throw new CliError(`--key: ${e.message}`, 2);
            })
          : undefined;
        const who = await actor();
        const res = await withStore(o, (store) =>
          r.pushArtifact(store, {
            path,
            name: o.name,
            kind,
            blobDir: blobDir(o),
            actor: who,
            signer: key ? { key } : undefined,
            // Same rule as `sign`: a path that exists from here is taken as that path, else root-relative.
            ignorePaths: o.ignorePaths.map((e) => (existsSync(resolve(e)) ? resolve(e) : e)),
            progress: o.progress,
          }),
        ).catch((e: Error) => {
          if (e instanceof CliError) throw e;
          throw new CliError(e.message);
        });
        if (!res.ok) throw new CliError(res.error);
        const p = res.pushed;
        if (o.json)
          process.stdout.write(`${JSON.stringify({ ...p, bundle: undefined, signed: !!p.bundle })}\n`);
        else
          process.stdout.write(
            `${p.created ? 'pushed' : 'unchanged'} ${p.name}@${p.version} (${p.kind}): ${p.files} file(s), ${r.formatBytes(p.bytes)}, ` +
              `${p.blobsStored} new blob(s), root sha256:${p.rootDigest}${p.bundle ? ', signed' : ''}\n`,
          );
      },
    ),
  );

  withCommon(
    reg
      .command('pull')
      .argument('<ref>', 'NAME, NAME@VERSION or NAME@ALIAS (default alias: latest)')
      .requiredOption('--out <dir>', 'new or empty directory to write the files to')
      .description('Rebuild a version from its blobs, checking every digest'),
  ).action(
    action(async (refText: string, o: Common & { out: string }) => {
      const r = await import('../../registry/index.ts');
      const ref = r.parseRef(refText);
      if (!ref.ok) throw new CliError(ref.error, 2);
      const res = await withStore(o, (store) => r.pullVersion(store, blobDir(o), ref.ref, o.out));
      if (!res.ok) throw new CliError(res.error);
      process.stdout.write(
        `pulled ${res.version.name}@${res.version.version} into ${o.out}: ${res.files} file(s), root sha256:${res.version.rootDigest}\n`,
      );
    }),
  );

  withCommon(
    reg
      .command('list')
      .description('List artifacts with their latest version')
      .option('--json', 'JSON lines'),
  ).action(
    action(async (o: Common & { json?: boolean }) => {
      const r = await import('../../registry/index.ts');
      const list = await withStore(o, (store) => r.listArtifacts(store));
      if (o.json) for (const a of list) process.stdout.write(`${JSON.stringify(a)}\n`);
      else
        printTable(
          ['NAME', 'KIND', 'LATEST'],
          list.map((a) => [a.name, a.kind, a.latest === null ? '-' : String(a.latest)]),
        );
    }),
  );

  withCommon(
    reg
      .command('history')
      .argument('<name>', 'artifact name')
      .description('Versions, aliases and every push, alias move and rollback')
      .option('--json', 'print as JSON'),
  ).action(
    action(async (name: string, o: Common & { json?: boolean }) => {
      const r = await import('../../registry/index.ts');
      const h = await withStore(o, (store) => r.artifactHistory(store, name));
      if (!h) throw new CliError(`no artifact named ${name}`);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(h, null, 2)}\n`);
        return;
      }
      const byVersion = new Map<number, string[]>();
      for (const [alias, v] of Object.entries(h.aliases))
        byVersion.set(v, [...(byVersion.get(v) ?? []), alias]);
      process.stdout.write(`${h.name} (${h.kind})\n`);
      printTable(
        ['VERSION', 'ALIASES', 'ROOT DIGEST', 'FILES', 'SIZE', 'SIGNED', 'PUSHED', 'BY'],
        h.versions.map((v) => [
          String(v.version),
          (byVersion.get(v.version) ?? []).join(',') || '-',
          `sha256:${v.rootDigest.slice(0, 16)}…`,
          String(v.files),
          r.formatBytes(v.bytes),
          v.signed ? 'yes' : 'no',
          new Date(v.createdAt).toISOString(),
          v.createdBy,
        ]),
      );
      process.stdout.write('\n');
      printTable(
        ['WHEN', 'ACTION', 'ALIAS', 'FROM', 'TO', 'BY'],
        h.events.map((e) => [
          new Date(e.at).toISOString(),
          e.action,
          e.alias ?? '-',
          e.fromVersion === null ? '-' : String(e.fromVersion),
          e.version === null ? '-' : String(e.version),
          e.actor,
        ]),
      );
    }),
  );

  withCommon(
    reg
      .command('alias')
      .argument('<name>', 'artifact name')
      .argument('<alias>', 'alias to point, e.g. prod')
      .requiredOption('--to <version>', 'version number')
      .description('Point an alias at a version'),
  ).action(
    action(async (name: string, alias: string, o: Common & { to: string }) => {
      const r = await import('../../registry/index.ts');
      const to = version(o.to, '--to');
      const who = await actor();
      const res = await withStore(o, (store) => r.setAlias(store, name, alias, to, who));
      if (!res.ok) throw new CliError(res.error);
      process.stdout.write(`${name}@${alias}: ${res.from ?? 'unset'} -> ${res.to}\n`);
    }),
  );

  withCommon(
    reg
      .command('rollback')
      .argument('<name>', 'artifact name')
      .requiredOption('--to <version>', 'earlier version to go back to')
      .option('--alias <alias>', 'alias to move back', 'latest')
      .description('Move an alias (default latest) back to an earlier version; recorded in the history'),
  ).action(
    action(async (name: string, o: Common & { to: string; alias: string }) => {
      const r = await import('../../registry/index.ts');
      const to = version(o.to, '--to');
      const who = await actor();
      const res = await withStore(o, (store) => r.rollback(store, name, to, who, o.alias));
      if (!res.ok) throw new CliError(res.error);
      process.stdout.write(`rolled back ${name}@${o.alias}: ${res.from} -> ${res.to}\n`);
    }),
  );
}
