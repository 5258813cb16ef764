// Versions of registry artifacts: content-addressed blobs plus immutable versions, aliases and
// history in the store (SQLite or PostgreSQL).

export {
  type Blobs,
  blobPath,
  blobsDir,
  checkBlob,
  putBlob,
  type RekeyResult,
  readBlob,
  rekeyBlobs,
} from './blobs.ts';
export { type BlobEncryption, type BlobKey, loadBlobEncryption, parseBlobKey } from './crypto.ts';
export { describeEvent } from './describe.ts';
export {
  type ArtifactHistory,
  artifactHistory,
  type HistoryEvent,
  lineageOf,
  previousHolder,
  listArtifacts,
  type MoveResult,
  type ResolvedVersion,
  resolveAlias,
  resolveVersion,
  rollback,
  setAlias,
  type VersionRecord,
} from './history.ts';
export { assessVersion } from './assess.ts';
export {
  checkGates,
  GATES,
  type Gate,
  type GateCheck,
  type GatePolicy,
  gatesFor,
  RISKS,
  type Risk,
} from './gates.ts';
export { type PromoteResult, promote } from './promote.ts';
export { checkProvenance, type Lineage, type Metadata, metadataSchema, parseMetadata } from './metadata.ts';
export { REGISTRY_MIGRATIONS } from './migrations.ts';
export { type RollbackVerification, rollbackVerified } from './rollback.ts';
export { aliasProblem, nameProblem, parseRef, type Ref } from './names.ts';
export { type PullResult, pullVersion } from './pull.ts';
export {
  type ArtifactKind,
  migrateRegistry,
  type PushedVersion,
  type PushOptions,
  type PushResult,
  pushArtifact,
} from './push.ts';
