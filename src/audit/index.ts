// The audit part's public surface: the event contract, the tamper-evident log (write, verify, read)
// and the OCSF export.

export type {
  AuditEvent,
  ChainedEvent,
  Decision,
  EventIdentity,
  GuardFinding,
  InferenceRecord,
} from './event.ts';
export { canonicalJson } from './lib/canonical.ts';
export { chainHash, GENESIS } from './lib/chain.ts';
export { loadOrCreateSigningKey, readPublicKey } from './lib/signing.ts';
export { type AuditLog, type AuditLogOptions, createAuditLog } from './log.ts';
export { type OcsfApiActivity, toOcsf } from './ocsf.ts';
export {
  type AuditQuery,
  type FollowCursor,
  followCursor,
  MAX_QUERY_LIMIT,
  queryAudit,
  readNew,
  tailAudit,
} from './read.ts';
export {
  type NodeSummary,
  type ProblemKind,
  type VerifyOptions,
  type VerifyProblem,
  type VerifyReport,
  verifyAuditLog,
} from './verify.ts';
