// Who vouches for a version's SLSA provenance: the DSSE envelope it came in, checked against the
// trust policy's keys (over the DSSE pre-authentication encoding, so a signature over another payload
// type cannot be replayed). The `provenance_signed` promotion gate reads it.

import { z } from 'zod';
import { pae } from '../lib/dsse.ts';
import { globMatch } from '../lib/glob.ts';
import { safeVerify } from '../lib/signature.ts';
import type { TrustPolicy } from '../trust.ts';

const envelopeSchema = z.object({
  payloadType: z.literal('application/vnd.in-toto+json'),
  payload: z.string().max(16 * 1024 * 1024),
  signatures: z
    .array(z.object({ keyid: z.string().max(1024).optional(), sig: z.string().min(1).max(8192) }))
    .max(16),
});

/**
 * Checks the DSSE envelope a version's provenance was pushed in against the trusted keys allowed to
 * sign `artifact`. Certificate and Sigstore signers are not matched here: a bare DSSE envelope carries
 * no certificate.
 */
export function checkProvenanceSignature(
  envelope: unknown,
  trust: TrustPolicy,
  artifact: string,
): { ok: true; signer: string } | { ok: false; reason: string } {
  if (envelope === undefined || envelope === null)
    return { ok: false, reason: 'the provenance was given as a bare statement, not a signed DSSE envelope' };
  const env = envelopeSchema.safeParse(envelope);
  if (!env.success) return { ok: false, reason: 'the provenance envelope is malformed' };
  if (env.data.signatures.length === 0)
    return { ok: false, reason: 'the provenance envelope has no signature' };
  const signed = pae(env.data.payloadType, Buffer.from(env.data.payload, 'base64'));
  const sigs = env.data.signatures.map((s) => Buffer.from(s.sig, 'base64'));
  let wrongArtifact: string | undefined;
  for (const s of trust.signers) {
    if (!s.publicKey || !sigs.some((sig) => safeVerify(s.publicKey!, signed, sig))) continue;
    if (s.artifacts.some((p) => globMatch(p, artifact))) return { ok: true, signer: s.name };
    wrongArtifact = s.name;
  }
  return {
    ok: false,
    reason: wrongArtifact
      ? `the provenance is signed by "${wrongArtifact}", who may not sign artifact "${artifact}"`
      : 'no signature on the provenance verifies with a trusted key',
  };
}
