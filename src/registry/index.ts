// The registry's integrity core: hash a model, describe it as an OpenSSF Model Signing (OMS v1.0)
// manifest, sign it into a Sigstore/DSSE bundle, and verify a model on disk against a bundle and a
// trust policy. The gateway calls verifyPath before serving a pinned model version.

export { verificationDenial } from './denial.ts';
export { DEFAULT_SHARD_SIZE, type HashedTree, type HashTreeOptions, hashTree } from './hash.ts';
export {
  type CreatedKey,
  createSigningKey,
  type KeyType,
  keyHint,
  parsePrivateKey,
  parsePublicKey,
} from './keys.ts';
export { splitPemCertificates } from './lib/chain.ts';
export type { FileDifference } from './lib/diff.ts';
export type { HashType } from './lib/hash-range.ts';
export { formatBytes } from './lib/progress.ts';
export type { Method } from './lib/signature.ts';
export { parseTrustedRoot, type TrustedRoot } from './lib/trusted-root.ts';
export { buildManifest, type ManifestResult, rootDigest } from './manifest.ts';
export {
  type Bundle,
  bundleSchema,
  PREDICATE_TYPE,
  type Resource,
  type Serialization,
  type Statement,
  statementSchema,
} from './schema.ts';
export { type Signer, type SignResult, signManifest } from './sign.ts';
export {
  type CertificateTrust,
  loadTrustPolicy,
  type TrustedSigner,
  type TrustPolicy,
  type TrustResult,
  trustFromOptions,
} from './trust.ts';
export {
  describeProblem,
  type Problem,
  type VerifyOptions,
  type VerifyResult,
  verifyPath,
} from './verify.ts';
export {
  type ArtifactHistory,
  type ArtifactKind,
  artifactHistory,
  assessVersion,
  type BlobEncryption,
  type BlobKey,
  type Blobs,
  blobPath,
  blobsDir,
  loadBlobEncryption,
  parseBlobKey,
  type RekeyResult,
  readBlob,
  rekeyBlobs,
  checkGates,
  checkProvenance,
  GATES,
  type Gate,
  type GateCheck,
  type GatePolicy,
  gatesFor,
  type Lineage,
  lineageOf,
  previousHolder,
  type Metadata,
  metadataSchema,
  parseMetadata,
  type PromoteResult,
  promote,
  RISKS,
  type Risk,
  rollbackVerified,
  type RollbackVerification,
  describeEvent,
  checkBlob,
  type HistoryEvent,
  listArtifacts,
  type MoveResult,
  migrateRegistry,
  type PullResult,
  type PushedVersion,
  type PushOptions,
  type PushResult,
  parseRef,
  pullVersion,
  pushArtifact,
  type Ref,
  type ResolvedVersion,
  resolveAlias,
  resolveVersion,
  rollback,
  setAlias,
  type VersionRecord,
} from './versions/index.ts';
