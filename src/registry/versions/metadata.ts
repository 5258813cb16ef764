// What a version says about itself: owner, purpose, the datasets it was trained on (by registry
// version: lineage), code revision, hyper-parameters, the data categories it touched and why, licence,
// and the upstream source of a third-party model. Stored with the version, so it is as immutable as
// the files; and SLSA v1 provenance, accepted only when its subject is this version's content.

import { z } from 'zod';
import type { Statement } from '../schema.ts';
import { parseRef } from './names.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const metadataSchema = z.strictObject({
  owner: text(256).optional().describe('team or person accountable for the artifact'),
  purpose: text(4096).optional().describe('what it is for (and not for)'),
  datasets: z
    .array(text(300))
    .max(100)
    .optional()
    .describe('training datasets as registry references NAME@VERSION (or NAME@ALIAS, resolved at push)'),
  codeRevision: text(256).optional().describe('the training code revision, e.g. a git commit'),
  hyperparameters: z
    .record(z.string().min(1).max(128), z.union([z.string().max(1024), z.number(), z.boolean()]))
    .optional(),
  dataCategories: z
    .array(z.strictObject({ category: text(128), why: text(2048) }))
    .max(50)
    .optional()
    .describe('categories of data touched (e.g. personal data) and why'),
  license: text(256).optional(),
  source: z
    .strictObject({ url: text(2048), revision: text(256).optional(), digest: text(256).optional() })
    .optional()
    .describe('upstream source of a third-party pre-trained model'),
});

export type Metadata = z.infer<typeof metadataSchema>;

/** A dataset the version was trained on, resolved to an exact registry version at push. */
export interface Lineage {
  readonly name: string;
  readonly version: number;
}

/** Validates metadata, naming the field that is wrong (`datasets[1]: …`). */
export function parseMetadata(
  value: unknown,
): { ok: true; metadata: Metadata } | { ok: false; error: string } {
  const r = metadataSchema.safeParse(value ?? {});
  if (!r.success)
    return {
      ok: false,
      error: `metadata: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    };
  for (const [i, d] of (r.data.datasets ?? []).entries()) {
    const p = parseRef(d);
    if (!p.ok) return { ok: false, error: `metadata: datasets[${i}]: ${p.error}` };
    if (p.ref.version === undefined && p.ref.alias === undefined)
      return { ok: false, error: `metadata: datasets[${i}]: name a version or alias (${d}@3)` };
  }
  return { ok: true, metadata: r.data };
}

export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';

const provenanceSchema = z.object({
  _type: z.literal(IN_TOTO_STATEMENT_V1),
  subject: z
    .array(
      z.object({
        name: z.string().max(4096).optional(),
        digest: z.record(z.string(), z.string()),
      }),
    )
    .min(1)
    .max(100_000),
  predicateType: z.literal(SLSA_PROVENANCE_V1),
  predicate: z.object({
    buildDefinition: z.object({
      buildType: z.string().min(1),
      externalParameters: z.unknown(),
      resolvedDependencies: z.array(z.unknown()).optional(),
    }),
    runDetails: z.object({
      builder: z.object({ id: z.string().min(1) }),
      metadata: z.unknown().optional(),
    }),
  }),
});

export interface Provenance {
  /** The in-toto statement (decoded from its DSSE envelope when one was given). */
  readonly statement: unknown;
  readonly builder: string;
  readonly buildType: string;
  /** How the subject matched: the OMS root digest, or every file of the version by digest. */
  readonly matched: 'root' | 'files';
  /** The DSSE envelope as given (its signatures are kept, not checked here). */
  readonly envelope?: unknown;
}

/**
 * Checks SLSA v1 provenance (an in-toto Statement, or a DSSE envelope carrying one) against the version
 * it is attached to. The subject must be this content: a subject whose sha256 is the OMS root digest,
 * or subjects covering every file of the manifest by sha256 (a builder that lists the files it made).
 */
export function checkProvenance(
  input: unknown,
  manifest: Statement,
): { ok: true; provenance: Provenance } | { ok: false; error: string } {
  let statement = input;
  let envelope: unknown;
  const env = input as { payloadType?: unknown; payload?: unknown };
  if (env && typeof env === 'object' && typeof env.payload === 'string') {
    if (env.payloadType !== 'application/vnd.in-toto+json')
      return { ok: false, error: `provenance: DSSE payloadType must be application/vnd.in-toto+json` };
    try {
      statement = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    } catch {
      return { ok: false, error: 'provenance: the DSSE payload is not base64 JSON' };
    }
    envelope = input;
  }
  const p = provenanceSchema.safeParse(statement);
  if (!p.success)
    return {
      ok: false,
      error: `provenance: not an SLSA v1 in-toto statement: ${p.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    };
  const root = manifest.subject[0].digest.sha256;
  const digests = new Set(p.data.subject.map((s) => s.digest.sha256?.toLowerCase()).filter(Boolean));
  let matched: Provenance['matched'] | undefined;
  if (digests.has(root)) matched = 'root';
  else if (
    manifest.predicate.serialization.hash_type === 'sha256' &&
    manifest.predicate.serialization.method === 'files' &&
    manifest.predicate.resources.every((r) => digests.has(r.digest))
  )
    matched = 'files';
  if (!matched)
    return {
      ok: false,
      error:
        `provenance: no subject is this version: expected a subject with sha256 ${root} (the OMS root digest) ` +
        `or subjects for all ${manifest.predicate.resources.length} file digest(s); the provenance names ${p.data.subject.length} other subject(s)`,
    };
  return {
    ok: true,
    provenance: {
      statement,
      builder: p.data.predicate.runDetails.builder.id,
      buildType: p.data.predicate.buildDefinition.buildType,
      matched,
      ...(envelope ? { envelope } : {}),
    },
  };
}
