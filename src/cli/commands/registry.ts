// `parapet registry push|pull|list|history|show|assess|promote|alias|rollback`: versioned models and
// datasets. Files go to a content-addressed blob directory; immutable versions, metadata, aliases and
// history go to the store. With `--config`, the blob directory, trust policy and promotion gates come
// from the parapet.yaml's `registry:` section.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';
import { cliConfig, openCliStore, storeOption } from './lib/store-option.ts';
import { registerRekey } from './lib/registry-rekey.ts';
import { registerWatch } from './lib/registry-watch.ts';
import { printTable } from './lib/table.ts';

const DEFAULT_DIR = '.parapet/registry';
const many = (value: string, prev: string[]): string[] => [...prev, value];

interface Common {
  store?: string;
  dir?: string;
  config?: string;
}

function withCommon(cmd: Command): Command {
  return storeOption(cmd).option(
    '--dir <path>',
    `blob directory (default: $PARAPET_REGISTRY_DIR or ${DEFAULT_DIR})`,
  );
}

const blobDir = (o: Common) => o.dir ?? process.env.PARAPET_REGISTRY_DIR ?? DEFAULT_DIR;

/** Blob directory and promotion-gate policy: from `--config` when given, else flags and defaults. */
async function registrySettings(o: Common) {
  const config = await cliConfig(o);
  const path = o.dir ?? (config ? config.registry.dir : blobDir(o));
  if (!config) return { dir: path, policy: undefined };
  const reg = config.registry;
  let dir: import('../../registry/index.ts').Blobs = path;
  if (reg.encryption) {
    const { loadBlobEncryption } = await import('../../registry/index.ts');
    try {
      dir = { dir: path, encryption: loadBlobEncryption(reg.encryption) };
    } catch (err) {
      throw new CliError((err as Error).message, 2);
    }
  }
  let trust;
  if (reg.trust) {
    const { loadTrustPolicy } = await import('../../registry/index.ts');
    const t = await loadTrustPolicy(reg.trust);
    if (!t.ok) throw new CliError(`registry.trust: ${t.errors.join('; ')}`, 2);
    trust = t.policy;
  }
  return {
    dir,
    policy: {
      gates: reg.gates,
      trust,
      scanBelow: reg.scanBelow,
      riskMax: reg.riskMax,
      fourEyes: reg.fourEyes,
    },
  };
}

async function readJsonOrYaml(file: string, flag: string): Promise<unknown> {
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`${flag}: ${(e as Error).message}`, 2);
  }
  try {
    return file.endsWith('.json') || file.endsWith('.jsonl')
      ? JSON.parse(text)
      : parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new CliError(
      `${flag} ${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`,
      2,
    );
  }
}

function versionRef(text: string): { name: string; version: number } {
  const at = text.lastIndexOf('@');
  const v = at === -1 ? '' : text.slice(at + 1);
  if (at === -1 || !/^[0-9]{1,9}$/.test(v) || Number(v) < 1)
    throw new CliError(`expected NAME@VERSION (an exact version number), not "${text}"`, 2);
  return { name: text.slice(0, at), version: Number(v) };
}

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
  registerWatch(reg);

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
      .option(
        '--meta <file>',
        'metadata YAML/JSON: owner, purpose, datasets, codeRevision, hyperparameters, dataCategories, license, source',
      )
      .option('--owner <who>', 'accountable owner (overrides --meta)')
      .option('--purpose <text>', 'what it is for (overrides --meta)')
      .option('--dataset <ref>', 'a training dataset as NAME@VERSION (repeatable; lineage)', many, [])
      .option('--code-revision <rev>', 'training code revision, e.g. a git commit')
      .option('--license <id>', 'licence, e.g. Apache-2.0')
      .option('--source-url <url>', 'upstream source of a third-party pre-trained model')
      .option(
        '--provenance <file>',
        'SLSA v1 provenance (in-toto statement or DSSE envelope) for this content',
      )
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
          meta?: string;
          owner?: string;
          purpose?: string;
          dataset: string[];
          codeRevision?: string;
          license?: string;
          sourceUrl?: string;
          provenance?: string;
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
        const fromFile = o.meta ? await readJsonOrYaml(o.meta, '--meta') : undefined;
        if (
          fromFile !== undefined &&
          (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile))
        )
          throw new CliError(`--meta ${o.meta}: expected a mapping of fields`, 2);
        const flags = {
          ...(o.owner ? { owner: o.owner } : {}),
          ...(o.purpose ? { purpose: o.purpose } : {}),
          ...(o.dataset.length ? { datasets: o.dataset } : {}),
          ...(o.codeRevision ? { codeRevision: o.codeRevision } : {}),
          ...(o.license ? { license: o.license } : {}),
          ...(o.sourceUrl ? { source: { url: o.sourceUrl } } : {}),
        };
        const metadata =
          fromFile !== undefined || Object.keys(flags).length > 0
            ? { ...(fromFile as object), ...flags }
            : undefined;
        const provenance = o.provenance ? await readJsonOrYaml(o.provenance, '--provenance') : undefined;
        const settings = await registrySettings(o);
        const res = await withStore(o, (store) =>
          r.pushArtifact(store, {
            path,
            name: o.name,
            kind,
            metadata,
            provenance,
            blobDir: settings.dir,
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
      const { dir } = await registrySettings(o);
      const res = await withStore(o, (store) => r.pullVersion(store, dir, ref.ref, o.out));
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
      .description(
        'Versions, aliases and every push, promotion (passed or blocked), assessment and rollback, with who did it',
      )
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
        ['WHEN', 'ACTION', 'ALIAS', 'FROM', 'TO', 'BY', 'DETAIL'],
        h.events.map((e) => [
          new Date(e.at).toISOString(),
          e.action,
          e.alias ?? '-',
          e.fromVersion === null ? '-' : String(e.fromVersion),
          e.version === null ? '-' : String(e.version),
          e.actor,
          r.describeEvent(e),
        ]),
      );
    }),
  );

  const promoteAction = async (name: string, to: number, alias: string, o: Common & { json?: boolean }) => {
    const r = await import('../../registry/index.ts');
    const who = await actor();
    const { policy } = await registrySettings(o);
    const res = await withStore(o, (store) =>
      r.promote(store, { name, version: to, alias, actor: who, policy }),
    );
    if (o.json) process.stdout.write(`${JSON.stringify(res)}\n`);
    if (!res.ok) throw new CliError(res.error);
    if (!o.json) {
      for (const c of res.checks) process.stdout.write(`  gate ${c.gate}: passed (${c.reason})\n`);
      process.stdout.write(`${name}@${alias}: ${res.from ?? 'unset'} -> ${res.to}\n`);
    }
  };

  withCommon(
    reg
      .command('alias')
      .argument('<name>', 'artifact name')
      .argument('<alias>', 'alias to point, e.g. prod')
      .requiredOption('--to <version>', 'version number')
      .option('--json', 'print the gate checks and the move as JSON')
      .description('Point an alias at a version (through the promotion gates configured for that alias)'),
  ).action(
    action(async (name: string, alias: string, o: Common & { to: string; json?: boolean }) =>
      promoteAction(name, version(o.to, '--to'), alias, o),
    ),
  );

  withCommon(
    reg
      .command('promote')
      .argument('<ref>', 'NAME@VERSION to promote')
      .requiredOption('--to <alias>', 'alias to move, e.g. production')
      .option('--json', 'print the gate checks and the move as JSON')
      .description(
        'Move an alias to a version if every promotion gate of the alias passes; names each failed gate',
      ),
  ).action(
    action(async (refText: string, o: Common & { to: string; json?: boolean }) => {
      const ref = versionRef(refText);
      await promoteAction(ref.name, ref.version, o.to, o);
    }),
  );

  withCommon(
    reg
      .command('assess')
      .argument('<ref>', 'NAME@VERSION assessed')
      .requiredOption('--risk <level>', 'low, medium, high or critical')
      .requiredOption('--summary <text>', 'what was assessed and the residual risk')
      .option('--approve', 'record the assessment as approved (by you)')
      .description('Record a risk assessment of a version (the risk_approved gate reads the newest)'),
  ).action(
    action(async (refText: string, o: Common & { risk: string; summary: string; approve?: boolean }) => {
      const r = await import('../../registry/index.ts');
      const ref = versionRef(refText);
      if (!(r.RISKS as readonly string[]).includes(o.risk))
        throw new CliError(`--risk must be one of ${r.RISKS.join(', ')}`, 2);
      const who = await actor();
      const res = await withStore(o, (store) =>
        r.assessVersion(store, {
          ...ref,
          risk: o.risk as (typeof r.RISKS)[number],
          summary: o.summary,
          approved: !!o.approve,
          actor: who,
        }),
      );
      if (!res.ok) throw new CliError(res.error);
      process.stdout.write(
        `${ref.name}@${ref.version}: risk ${o.risk} assessed by ${who}${o.approve ? ', approved' : ' (not approved)'}\n`,
      );
    }),
  );

  withCommon(
    reg
      .command('show')
      .argument('<ref>', 'NAME, NAME@VERSION or NAME@ALIAS')
      .option('--json', 'print as JSON')
      .description('One version: digest, metadata, lineage both ways, provenance, scan, and its gates'),
  ).action(
    action(async (refText: string, o: Common & { json?: boolean }) => {
      const r = await import('../../registry/index.ts');
      const ref = r.parseRef(refText);
      if (!ref.ok) throw new CliError(ref.error, 2);
      const { policy } = await registrySettings(o);
      const out = await withStore(o, async (store) => {
        const v = await r.resolveVersion(store, ref.ref);
        if (!v) return undefined;
        const lineage = await r.lineageOf(store, v.name, v.version);
        const gates: Record<string, unknown> = {};
        for (const alias of Object.keys(policy?.gates ?? {}))
          gates[alias] = await r.checkGates(store, v.name, v.version, alias, policy);
        return { v, lineage, gates };
      });
      if (!out) throw new CliError(`no version ${refText}`);
      const { v, lineage, gates } = out;
      const view = {
        name: v.name,
        version: v.version,
        rootDigest: v.rootDigest,
        files: v.files,
        bytes: v.bytes,
        createdAt: new Date(v.createdAt).toISOString(),
        createdBy: v.createdBy,
        signed: v.signed,
        metadata: v.metadata ?? null,
        provenance: v.provenance ?? null,
        scan: v.scan ?? null,
        trainedOn: lineage.trainedOn.map((l) => `${l.name}@${l.version}`),
        usedBy: lineage.usedBy.map((l) => `${l.name}@${l.version}`),
        gates,
      };
      if (o.json) {
        process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
        return;
      }
      const { stringify } = await import('yaml');
      process.stdout.write(stringify(view));
    }),
  );

  registerRekey(reg, withCommon, registrySettings);

  withCommon(
    reg
      .command('rollback')
      .argument('<name>', 'artifact name')
      .requiredOption('--to <version>', 'earlier version to go back to')
      .option('--alias <alias>', 'alias to move back', 'production')
      .description(
        'Move an alias (default production) back to an earlier verified, known-good version; recorded with who did it',
      ),
  ).action(
    action(async (name: string, o: Common & { to: string; alias: string }) => {
      const r = await import('../../registry/index.ts');
      const to = version(o.to, '--to');
      const who = await actor();
      const { dir, policy } = await registrySettings(o);
      const res = await withStore(o, (store) =>
        r.rollbackVerified(store, { name, to, alias: o.alias, actor: who, blobDir: dir, policy }),
      );
      if (!res.ok) throw new CliError(res.error);
      process.stdout.write(`rolled back ${name}@${o.alias}: ${res.from} -> ${res.to}\n`);
    }),
  );
}
