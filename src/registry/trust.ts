// The trust policy: which keys and certificate identities may sign which artifact names. Loaded from
// a YAML/JSON file (paths relative to it) or built from options; keys stay in PEM files.

import type { KeyObject, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parsePublicKey } from './keys.ts';
import { splitPemCertificates } from './lib/chain.ts';
import { parseTrustedRoot, type TrustedRoot } from './lib/trusted-root.ts';

/** Certificate identity rules for the `certificate` and `sigstore` methods. */
export interface CertificateTrust {
  /** Trust anchors: roots (and, for Sigstore, the Fulcio intermediate). */
  readonly roots: readonly X509Certificate[];
  /** When set, the leaf subject (one line, `CN=…, O=…` as Node prints it) must equal this. */
  readonly subject?: string;
  /** When set, one subjectAltName entry (`email:…`, `URI:…`, or the bare value) must equal this. */
  readonly san?: string;
  /** Rekor log keys by base64 log id (from a Sigstore trusted root), to check log entry promises. */
  readonly tlogKeys?: ReadonlyMap<string, KeyObject>;
}

export interface TrustedSigner {
  /** Label shown in verification results and audit records. */
  readonly name: string;
  readonly publicKey?: KeyObject;
  readonly certificate?: CertificateTrust;
  readonly sigstore?: CertificateTrust;
  /** Artifact-name patterns (`*`, `?`) this signer may sign; default any. */
  readonly artifacts: readonly string[];
}

export interface TrustPolicy {
  readonly signers: readonly TrustedSigner[];
}

const pemRef = z.string().min(1).max(100_000);
const certRule = z
  .strictObject({
    roots: z.union([pemRef, z.array(pemRef).min(1).max(32)]).optional(),
    /** A Sigstore trusted_root.json (or client trust config): its CAs and Rekor keys. */
    trustedRoot: z.string().min(1).max(4096).optional(),
    subject: z.string().max(1024).optional(),
    san: z.string().max(1024).optional(),
  })
  .refine((r) => r.roots !== undefined || r.trustedRoot !== undefined, {
    message: 'needs roots or trustedRoot',
  });
export const trustFileSchema = z.strictObject({
  signers: z
    .array(
      z
        .strictObject({
          name: z.string().min(1).max(128),
          publicKey: pemRef.optional(),
          certificate: certRule.optional(),
          sigstore: certRule.optional(),
          artifacts: z.array(z.string().min(1).max(512)).max(1000).default(['*']),
        })
        .refine((s) => [s.publicKey, s.certificate, s.sigstore].filter(Boolean).length === 1, {
          message: 'each signer needs exactly one of publicKey, certificate, sigstore',
        }),
    )
    .min(1)
    .max(1000),
});

export type TrustResult = { ok: true; policy: TrustPolicy } | { ok: false; errors: string[] };

/**
 * Loads a trust policy file. `publicKey` and `roots` are PEM text or paths relative to the file.
 *
 * @example
 * # trust.yaml
 * signers:
 *   - name: ml-platform
 *     publicKey: keys/ml-platform.pub.pem
 *     artifacts: ["fraud-*"]
 *   - name: corp-pki
 *     certificate: { roots: pki/root.pem, subject: "CN=model-signer" }
 */
export async function loadTrustPolicy(file: string): Promise<TrustResult> {
  let raw: unknown;
  try {
    const text = await readFile(file, 'utf8');
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, errors: [`${file}: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const parsed = trustFileSchema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`),
    };
  const base = dirname(resolve(file));
  const errors: string[] = [];
  const signers: TrustedSigner[] = [];
  for (const [idx, s] of parsed.data.signers.entries()) {
    const where = `${file}: signers.${idx} (${s.name})`;
    const signer: { -readonly [K in keyof TrustedSigner]: TrustedSigner[K] } = {
      name: s.name,
      artifacts: s.artifacts,
    };
    if (s.publicKey) {
      const text = await pemText(base, s.publicKey).catch((err: Error) => err);
      const k = text instanceof Error ? { ok: false as const, error: text.message } : parsePublicKey(text);
      if (k.ok) signer.publicKey = k.key;
      else errors.push(`${where}: publicKey: ${k.error}`);
    }
    for (const field of ['certificate', 'sigstore'] as const) {
      const rule = s[field];
      if (!rule) continue;
      const refs = rule.roots === undefined ? [] : Array.isArray(rule.roots) ? rule.roots : [rule.roots];
      const roots: X509Certificate[] = [];
      let tlogKeys: ReadonlyMap<string, KeyObject> | undefined;
      if (rule.trustedRoot) {
        try {
          const tr = parseTrustedRoot(JSON.parse(await readFile(resolve(base, rule.trustedRoot), 'utf8')));
          if (tr.ok) {
            roots.push(...tr.root.cas);
            tlogKeys = tr.root.tlogKeys;
          } else errors.push(`${where}: ${field}.trustedRoot: ${tr.error}`);
        } catch (err) {
          errors.push(`${where}: ${field}.trustedRoot: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      for (const ref of refs) {
        try {
          roots.push(...splitPemCertificates(await pemText(base, ref)));
        } catch (err) {
          errors.push(`${where}: ${field}.roots: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (roots.length === 0) errors.push(`${where}: ${field}.roots holds no certificate`);
      signer[field] = { roots, subject: rule.subject, san: rule.san, tlogKeys };
    }
    signers.push(signer);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy: { signers } };
}

/** A policy from command-line style options: trust these keys / roots for `artifacts` (default any). */
export function trustFromOptions(opts: {
  readonly keys?: readonly KeyObject[];
  readonly roots?: readonly X509Certificate[];
  readonly sigstore?: TrustedRoot;
  readonly artifacts?: readonly string[];
}): TrustPolicy {
  const artifacts = opts.artifacts ?? ['*'];
  const signers: TrustedSigner[] = (opts.keys ?? []).map((k, i) => ({
    name: `key#${i + 1}`,
    publicKey: k,
    artifacts,
  }));
  if (opts.roots?.length)
    signers.push({ name: 'certificate-chain', certificate: { roots: opts.roots }, artifacts });
  if (opts.sigstore)
    signers.push({
      name: 'sigstore',
      sigstore: { roots: opts.sigstore.cas, tlogKeys: opts.sigstore.tlogKeys },
      artifacts,
    });
  return { signers };
}

async function pemText(base: string, ref: string): Promise<string> {
  return ref.includes('-----BEGIN') ? ref : readFile(resolve(base, ref), 'utf8');
}
