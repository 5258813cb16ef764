// The OMS v1.0 bundle, DSSE envelope, in-toto statement and predicate as zod schemas, following
// schemas/v1.0/*.schema.json of ossf/model-signing-spec, plus the §11 relaxations for older bundles
// (publicKey.rawBytes, keyid null, no ignore_paths). Parse at the edge, then trust the types.

import { z } from 'zod';

export const PREDICATE_TYPE = 'https://model_signing/signature/v1.0';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

const hex = z.string().regex(/^[0-9a-f]+$/, 'lowercase hex');
const b64 = z
  .string()
  .min(1)
  .max(16 * 1024 * 1024);
const hashId = z.enum(['sha256', 'blake2b', 'blake3']);

export const resourceSchema = z.looseObject({
  name: z.string().min(1).max(4200),
  digest: hex.max(256),
  algorithm: hashId,
});
export type Resource = { name: string; digest: string; algorithm: z.infer<typeof hashId> };

export const serializationSchema = z
  .strictObject({
    method: z.enum(['files', 'shards']),
    hash_type: hashId,
    shard_size: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    allow_symlinks: z.boolean(),
    ignore_paths: z.array(z.string().min(1).max(4096)).max(10_000).optional(),
  })
  .refine((s) => (s.method === 'shards') === (s.shard_size !== undefined), {
    message: 'shard_size is required for method "shards" and must be absent for "files"',
    path: ['shard_size'],
  });
export type Serialization = z.infer<typeof serializationSchema>;

export const predicateSchema = z.strictObject({
  resources: z.array(resourceSchema).max(10_000_000),
  serialization: serializationSchema,
});

export const statementSchema = z.strictObject({
  _type: z.literal(STATEMENT_TYPE),
  subject: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        digest: z.record(z.string(), hex).refine((d) => Object.keys(d).length > 0),
      }),
    )
    .length(1),
  predicateType: z.literal(PREDICATE_TYPE),
  predicate: predicateSchema,
});
export type Statement = {
  _type: typeof STATEMENT_TYPE;
  subject: [{ name: string; digest: { sha256: string } & Record<string, string> }];
  predicateType: typeof PREDICATE_TYPE;
  predicate: { resources: Resource[]; serialization: Serialization };
};

const certificate = z.looseObject({ rawBytes: b64 });
const tlogEntries = z.array(z.looseObject({ integratedTime: z.string().max(32).optional() })).max(100);
const timestamps = z.looseObject({}).optional();

export const verificationMaterialSchema = z.union([
  z.looseObject({
    publicKey: z
      .looseObject({ hint: z.string().max(512).optional(), rawBytes: b64.optional() })
      .refine((k) => k.hint !== undefined || k.rawBytes !== undefined, 'publicKey needs hint or rawBytes'),
    tlogEntries: tlogEntries.optional(),
    timestampVerificationData: timestamps,
  }),
  z.looseObject({
    x509CertificateChain: z.looseObject({ certificates: z.array(certificate).min(1).max(10) }),
    tlogEntries: tlogEntries.optional(),
    timestampVerificationData: timestamps,
  }),
  z.looseObject({
    certificate,
    tlogEntries: tlogEntries.min(1),
    timestampVerificationData: timestamps,
  }),
]);

export const envelopeSchema = z.strictObject({
  payload: b64,
  payloadType: z.literal(PAYLOAD_TYPE),
  signatures: z
    .array(z.strictObject({ sig: b64, keyid: z.string().max(512).nullable().optional() }))
    .min(1)
    .max(16),
});

export const bundleSchema = z.strictObject({
  mediaType: z.string().startsWith('application/vnd.dev.sigstore.bundle'),
  verificationMaterial: verificationMaterialSchema,
  dsseEnvelope: envelopeSchema,
});
export type Bundle = z.infer<typeof bundleSchema>;

/** The verification material of a parsed bundle, by OMS signing method. */
export type Material =
  | { readonly method: 'key'; readonly hint?: string; readonly rawBytes?: string }
  | { readonly method: 'certificate'; readonly certificates: readonly string[] }
  | {
      readonly method: 'sigstore';
      readonly certificate: string;
      readonly integratedTimes: readonly number[];
      readonly tlogEntries: readonly unknown[];
    };

/** Classifies `bundle.verificationMaterial` (already validated by bundleSchema). */
export function materialOf(bundle: Bundle): Material {
  const vm = bundle.verificationMaterial as {
    publicKey?: { hint?: string; rawBytes?: string };
    x509CertificateChain?: { certificates: { rawBytes: string }[] };
    certificate?: { rawBytes: string };
    tlogEntries?: { integratedTime?: string }[];
  };
  if (vm.publicKey) return { method: 'key', hint: vm.publicKey.hint, rawBytes: vm.publicKey.rawBytes };
  if (vm.x509CertificateChain)
    return {
      method: 'certificate',
      certificates: vm.x509CertificateChain.certificates.map((c) => c.rawBytes),
    };
  const times = (vm.tlogEntries ?? [])
    .map((e) => Number(e.integratedTime))
    .filter((t) => Number.isFinite(t) && t > 0);
  return {
    method: 'sigstore',
    certificate: vm.certificate!.rawBytes,
    integratedTimes: times,
    tlogEntries: vm.tlogEntries ?? [],
  };
}
