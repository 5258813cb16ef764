// `parapet sign`, `parapet verify` and `parapet signing-key create`: OpenSSF Model Signing (OMS v1.0)
// bundles for models and datasets, signed with PEM keys or X.509 chains, verified against keys,
// roots or a trust policy with every difference named.

import type { Command } from 'commander';
import { action, CliError } from '../fail.ts';

const many = (value: string, prev: string[]): string[] => [...prev, value];
/** A bundle is a few KiB per thousand files; anything this large is not one. */
const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/** Root-relative ignore entries: a path given on the command line that exists inside the model is made relative to it. */
async function ignoreArgs(entries: readonly string[]): Promise<string[]> {
  const { existsSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  return entries.map((e) => (existsSync(resolve(e)) ? resolve(e) : e));
}

export function register(program: Command): void {
  program
    .command('sign')
    .argument('<path>', 'model or dataset: a directory or a single file')
    .description('Hash a model and write an OMS v1.0 signature bundle (DSSE in a Sigstore bundle)')
    .requiredOption('--key <pem>', 'private key PEM (ECDSA P-256/384/521 or Ed25519)')
    .option('--cert-chain <pem>', 'signing certificate then intermediates (OMS certificate method)')
    .option('--out <file>', 'where to write the bundle', 'model.sig')
    .option('--method <m>', 'files (one digest per file) or shards', 'files')
    .option('--shard-size <bytes>', 'bytes per shard for --method shards', '1000000000')
    .option('--ignore-paths <path>', 'leave a path out (repeatable)', many, [])
    .option('--name <name>', 'subject name recorded in the statement (default: basename of path)')
    .option('--no-progress', 'no progress bar')
    .action(
      action(
        async (
          path: string,
          o: {
            key: string;
            certChain?: string;
            out: string;
            method: string;
            shardSize: string;
            ignorePaths: string[];
            name?: string;
            progress: boolean;
          },
        ) => {
          if (o.method !== 'files' && o.method !== 'shards')
            throw new CliError('--method must be files or shards', 2);
          const shardSize = Number(o.shardSize);
          if (!Number.isSafeInteger(shardSize) || shardSize <= 0)
            throw new CliError('--shard-size must be a positive integer', 2);
          const { readFile, writeFile } = await import('node:fs/promises');
          const { resolve } = await import('node:path');
          const reg = await import('../../registry/index.ts');
          const keyPem = await readFile(o.key, 'utf8').catch((e: Error) => {
            throw new CliError(`--key: ${e.message}`, 2);
          });
          const chain = o.certChain
            ? await readFile(o.certChain, 'utf8').catch((e: Error) => {
                throw new CliError(`--cert-chain: ${e.message}`, 2);
              })
            : undefined;
          const out = resolve(o.out);
          const tree = await reg
            .hashTree(path, {
              method: o.method,
              shardSize,
              ignorePaths: [...(await ignoreArgs(o.ignorePaths)), out],
              progress: o.progress,
            })
            .catch((e: Error) => {
              throw new CliError(e.message, 2);
            });
          const m = reg.buildManifest(tree, { name: o.name });
          if (!m.ok) throw new CliError(m.error);
          const s = reg.signManifest(m.statement, { key: keyPem, certChain: chain });
          if (!s.ok) throw new CliError(s.error, 2);
          await writeFile(out, `${JSON.stringify(s.bundle, null, 2)}\n`);
          process.stdout.write(
            `signed ${tree.files.length} file(s), ${reg.formatBytes(tree.bytes)}: root sha256:${m.statement.subject[0].digest.sha256}\n` +
              `wrote ${o.out}\n`,
          );
        },
      ),
    );

  program
    .command('verify')
    .argument('<path>', 'model or dataset to verify')
    .description(
      'Verify a model against an OMS signature bundle; names every modified, added, removed or renamed file',
    )
    .requiredOption('--signature <file>', 'the bundle written by sign (model.sig)')
    .option('--key <pem>', 'trusted public key PEM (repeatable)', many, [])
    .option('--cert-chain <pem>', 'trusted root / CA certificates PEM (repeatable)', many, [])
    .option('--sigstore-root <json>', 'Sigstore trusted_root.json for keyless (sigstore method) bundles')
    .option('--trust <file>', 'trust policy YAML/JSON: which keys and certificates may sign which artifacts')
    .option('--artifact <name>', 'artifact name matched against the trust policy (default: basename of path)')
    .option('--ignore-paths <path>', 'leave a path out (repeatable)', many, [])
    .option('--ignore-unsigned-files', 'accept files present but not in the manifest')
    .option('--json', 'print the full result as JSON')
    .option('--no-progress', 'no progress bar')
    .action(
      action(
        async (
          path: string,
          o: {
            signature: string;
            key: string[];
            certChain: string[];
            sigstoreRoot?: string;
            trust?: string;
            artifact?: string;
            ignorePaths: string[];
            ignoreUnsignedFiles?: boolean;
            json?: boolean;
            progress: boolean;
          },
        ) => {
          const { readFile, stat } = await import('node:fs/promises');
          const { resolve } = await import('node:path');
          const reg = await import('../../registry/index.ts');
          const trust = await buildTrust(o);
          const size = await stat(o.signature).then(
            (s) => s.size,
            () => 0,
          );
          if (size > MAX_BUNDLE_BYTES)
            throw new CliError(`--signature: ${o.signature} is larger than 64 MiB`, 2);
          const text = await readFile(o.signature, 'utf8').catch((e: NodeJS.ErrnoException) => {
            if (e.code === 'ENOENT') return undefined;
            throw new CliError(`--signature: ${e.message}`, 2);
          });
          const r = await reg.verifyPath(path, text, trust, {
            artifact: o.artifact,
            signaturePath: resolve(o.signature),
            ignorePaths: await ignoreArgs(o.ignorePaths),
            ignoreUnsigned: o.ignoreUnsignedFiles,
            progress: o.progress,
          });
          if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          else {
            const who = r.signer ? ` by ${r.signer.name} (${r.signer.identity})` : '';
            if (r.ok)
              process.stdout.write(
                `verified ${r.artifact}: ${r.files} file(s), ${reg.formatBytes(r.bytes)}, ${r.method} signature${who}, root sha256:${r.rootDigest}\n`,
              );
            else {
              process.stdout.write(`FAILED ${r.artifact}: ${r.problems.length} problem(s)\n`);
              for (const p of r.problems) process.stdout.write(`  ${reg.describeProblem(p)}\n`);
            }
            for (const n of r.notes) process.stdout.write(`  note: ${n}\n`);
          }
          if (!r.ok) process.exitCode = 1;
        },
      ),
    );

  program
    .command('signing-key')
    .description('Create model-signing key pairs (PEM files)')
    .command('create')
    .description('Write signing-key.pem (0600) and signing-key.pub.pem into a directory')
    .option('--type <type>', 'ecdsa-p256 or ed25519', 'ecdsa-p256')
    .requiredOption('--out <dir>', 'directory for the key pair')
    .action(
      action(async (o: { type: string; out: string }) => {
        if (o.type !== 'ecdsa-p256' && o.type !== 'ed25519')
          throw new CliError('--type must be ecdsa-p256 or ed25519', 2);
        const { createSigningKey } = await import('../../registry/index.ts');
        const k = await createSigningKey(o.type, o.out).catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'EEXIST')
            throw new CliError(`${o.out} already holds a signing key; refusing to overwrite it`, 2);
          throw e;
        });
        process.stdout.write(
          `private key ${k.privatePath}\npublic key  ${k.publicPath}\nkey hint    ${k.hint}\n`,
        );
      }),
    );
}

async function buildTrust(o: { key: string[]; certChain: string[]; sigstoreRoot?: string; trust?: string }) {
  const reg = await import('../../registry/index.ts');
  const { readFile } = await import('node:fs/promises');
  const read = (f: string, flag: string) =>
    readFile(f, 'utf8').catch((e: Error) => {
      throw new CliError(`${flag}: ${e.message}`, 2);
    });
  if (o.trust) {
    if (o.key.length || o.certChain.length || o.sigstoreRoot)
      throw new CliError('give either --trust or --key/--cert-chain/--sigstore-root, not both', 2);
    const t = await reg.loadTrustPolicy(o.trust);
    if (!t.ok) throw new CliError(t.errors.join('\n'), 2);
    return t.policy;
  }
  if (!o.key.length && !o.certChain.length && !o.sigstoreRoot)
    throw new CliError(
      'say whom to trust: --key PUB.pem, --cert-chain ROOTS.pem, --sigstore-root or --trust',
      2,
    );
  const keys = [];
  for (const f of o.key) {
    const k = reg.parsePublicKey(await read(f, '--key'));
    if (!k.ok) throw new CliError(`--key ${f}: ${k.error}`, 2);
    keys.push(k.key);
  }
  const roots = [];
  for (const f of o.certChain) {
    const certs = reg.splitPemCertificates(await read(f, '--cert-chain'));
    if (certs.length === 0) throw new CliError(`--cert-chain ${f}: no certificate found`, 2);
    roots.push(...certs);
  }
  let sigstore: Awaited<ReturnType<typeof reg.parseTrustedRoot>> | undefined;
  if (o.sigstoreRoot) {
    let json: unknown;
    try {
      json = JSON.parse(await read(o.sigstoreRoot, '--sigstore-root'));
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`--sigstore-root: not JSON`, 2);
    }
    sigstore = reg.parseTrustedRoot(json);
    if (!sigstore.ok) throw new CliError(`--sigstore-root: ${sigstore.error}`, 2);
  }
  return reg.trustFromOptions({ keys, roots, sigstore: sigstore?.ok ? sigstore.root : undefined });
}
