// Checks a Rekor transparency-log entry of a `sigstore`-method bundle offline: the log's signed entry
// timestamp (inclusion promise) under a trusted Rekor key, the Merkle inclusion proof and its signed
// checkpoint when present, and that the logged DSSE entry is this envelope (payload hash, signature
// and certificate).

import { createHash, verify as cryptoVerify, type KeyObject, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { verifyCheckpoint, verifyInclusion } from './merkle.ts';

const entrySchema = z.looseObject({
  logIndex: z.string().regex(/^\d{1,19}$/),
  logId: z.looseObject({ keyId: z.string().max(200) }),
  kindVersion: z.looseObject({ kind: z.string().max(64), version: z.string().max(64) }),
  integratedTime: z.string().regex(/^\d{1,19}$/),
  inclusionPromise: z.looseObject({ signedEntryTimestamp: z.string().max(10_000) }),
  canonicalizedBody: z.string().max(1_000_000),
  inclusionProof: z
    .looseObject({
      logIndex: z.string().regex(/^\d{1,19}$/),
      treeSize: z.string().regex(/^\d{1,19}$/),
      rootHash: z.string().max(100),
      hashes: z.array(z.string().max(100)).max(64),
      checkpoint: z.looseObject({ envelope: z.string().max(65_536) }).optional(),
    })
    .optional(),
});

const dsseBody = z.looseObject({
  kind: z.literal('dsse'),
  spec: z.looseObject({
    payloadHash: z.looseObject({ algorithm: z.literal('sha256'), value: z.string() }),
    signatures: z.array(z.looseObject({ signature: z.string(), verifier: z.string() })).max(16),
  }),
});

/** Why the entry does not vouch for this envelope, or undefined when it does. */
export function checkTlogEntry(
  entry: unknown,
  tlogKeys: ReadonlyMap<string, KeyObject>,
  payload: Buffer,
  sigs: readonly string[],
  leaf: X509Certificate,
): string | undefined {
  const e = entrySchema.safeParse(entry);
  if (!e.success) return 'log entry lacks an inclusion promise or canonical body';
  const key = tlogKeys.get(e.data.logId.keyId);
  if (!key) return `log ${e.data.logId.keyId} is not in the trusted root`;
  const set = JSON.stringify({
    body: e.data.canonicalizedBody,
    integratedTime: Number(e.data.integratedTime),
    logID: Buffer.from(e.data.logId.keyId, 'base64').toString('hex'),
    logIndex: Number(e.data.logIndex),
  });
  let setOk: boolean;
  try {
    setOk = cryptoVerify(
      'sha256',
      Buffer.from(set),
      key,
      Buffer.from(e.data.inclusionPromise.signedEntryTimestamp, 'base64'),
    );
  } catch {
    setOk = false;
  }
  if (!setOk) return 'the log’s signed entry timestamp does not verify';
  const proof = e.data.inclusionProof;
  if (proof) {
    const root = Buffer.from(proof.rootHash, 'base64');
    const size = BigInt(proof.treeSize);
    const leaf = Buffer.from(e.data.canonicalizedBody, 'base64');
    const path = proof.hashes.map((h) => Buffer.from(h, 'base64'));
    if (!verifyInclusion(leaf, BigInt(proof.logIndex), size, path, root))
      return 'the Merkle inclusion proof does not lead to the logged root';
    if (proof.checkpoint && !verifyCheckpoint(proof.checkpoint.envelope, key, size, root))
      return 'the checkpoint is not signed by the log or names another root';
  }
  let body: z.infer<typeof dsseBody>;
  try {
    const parsed = dsseBody.safeParse(
      JSON.parse(Buffer.from(e.data.canonicalizedBody, 'base64').toString('utf8')),
    );
    if (!parsed.success) return `log entry kind ${e.data.kindVersion.kind} is not a DSSE entry`;
    body = parsed.data;
  } catch {
    return 'log entry body is not JSON';
  }
  if (body.spec.payloadHash.value !== createHash('sha256').update(payload).digest('hex'))
    return 'the logged payload hash differs from this bundle’s payload';
  const logged = body.spec.signatures.find((s) => sigs.includes(s.signature));
  if (!logged) return 'the logged signature differs from this bundle’s signature';
  try {
    const cert = new X509Certificate(Buffer.from(logged.verifier, 'base64'));
    if (cert.fingerprint256 !== leaf.fingerprint256)
      return 'the logged certificate differs from this bundle’s';
  } catch {
    return 'the logged verifier is not a certificate';
  }
  return undefined;
}
