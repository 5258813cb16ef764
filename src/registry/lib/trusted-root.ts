// Reads a Sigstore trusted root (trusted_root.json, or a client trust config wrapping one): the
// Fulcio CA certificates that anchor `sigstore`-method leaves and the Rekor keys that sign log
// entries. Only the fields used here are validated.

import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { z } from 'zod';

const rootSchema = z.looseObject({
  tlogs: z
    .array(
      z.looseObject({
        publicKey: z.looseObject({ rawBytes: z.string().max(10_000) }),
        logId: z.looseObject({ keyId: z.string().max(200) }),
      }),
    )
    .max(100)
    .default([]),
  certificateAuthorities: z
    .array(
      z.looseObject({
        certChain: z.looseObject({
          certificates: z.array(z.looseObject({ rawBytes: z.string().max(100_000) })).max(10),
        }),
      }),
    )
    .max(100)
    .default([]),
});

export interface TrustedRoot {
  readonly cas: readonly X509Certificate[];
  /** Rekor log keys by base64 log id. */
  readonly tlogKeys: ReadonlyMap<string, KeyObject>;
}

/** Parses trusted-root JSON; a Result, since the file comes from the operator. */
export function parseTrustedRoot(
  json: unknown,
): { ok: true; root: TrustedRoot } | { ok: false; error: string } {
  const inner =
    typeof json === 'object' && json !== null && 'trustedRoot' in json
      ? (json as { trustedRoot: unknown }).trustedRoot
      : json;
  const r = rootSchema.safeParse(inner);
  if (!r.success)
    return { ok: false, error: `not a Sigstore trusted root: ${r.error.issues[0]?.message ?? ''}` };
  try {
    const cas = r.data.certificateAuthorities.flatMap((ca) =>
      ca.certChain.certificates.map((c) => new X509Certificate(Buffer.from(c.rawBytes, 'base64'))),
    );
    const tlogKeys = new Map(
      r.data.tlogs.map((t) => [
        t.logId.keyId,
        createPublicKey({ key: Buffer.from(t.publicKey.rawBytes, 'base64'), format: 'der', type: 'spki' }),
      ]),
    );
    return { ok: true, root: { cas, tlogKeys } };
  } catch (err) {
    return {
      ok: false,
      error: `bad key or certificate in trusted root: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}
