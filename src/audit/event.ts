// The audit event: one per call through the gateway, allowed or denied. It is the contract between
// the parts — the audit log stores it, the monitor, incidents, governance evidence and the dashboard
// read it. Add a field here when a part needs it; never read request data around it.

export type Decision = 'allow' | 'deny';

export interface EventIdentity {
  /** How the caller proved who it is. `anonymous` only for denials before identification. */
  readonly kind: 'api_key' | 'jwt' | 'mtls' | 'anonymous';
  /** Key id (never the key), JWT `sub`, or certificate subject. */
  readonly id: string;
  readonly roles: readonly string[];
  readonly tenant?: string;
}

export interface GuardFinding {
  readonly guard: string;
  /** What was found: `email`, `aws_access_key`, `injection`, `canary` ... */
  readonly type: string;
  readonly score: number;
  /** Span in the inspected text; never the text itself. */
  readonly start: number;
  readonly end: number;
  /** What the route did about it. */
  readonly action: 'block' | 'mask' | 'flag';
  /** Which part was inspected: the input, the whole output, or a streamed output (with chunk range). */
  readonly stage: 'input' | 'output' | 'output_stream';
}

/** For classifier endpoints: what went in and what came back, compactly. */
export interface InferenceRecord {
  /** The numeric feature vector (bounded length), or absent when only a fingerprint is kept. */
  readonly features?: readonly number[];
  /** A stable fingerprint of the input, for near-duplicate detection when features are not kept. */
  readonly fingerprint?: string;
  readonly label?: string | number;
  readonly confidence?: number;
  /** The confidences returned were perturbed by a response action against this identity. */
  readonly perturbed?: boolean;
}

export interface AuditEvent {
  /** ISO-8601 UTC time the request arrived. */
  readonly time: string;
  readonly requestId: string;
  /** Gateway node that served it; each node keeps its own chain. */
  readonly node: string;
  readonly identity: EventIdentity;
  readonly source: { readonly ip: string; readonly userAgent?: string };
  readonly request: {
    readonly method: string;
    /** Route template, e.g. `/v1/chat/completions` or `/v1/models/{name}/infer`. */
    readonly route: string;
    readonly model?: string;
    readonly upstream?: string;
    /** Registry version and OMS root digest that served the call, when the route is pinned. */
    readonly modelVersion?: string;
    readonly modelDigest?: string;
    readonly bytesIn: number;
    readonly stream?: boolean;
  };
  readonly response: {
    readonly status: number;
    readonly bytesOut: number;
  };
  readonly decision: Decision;
  /** Stable reason codes from src/errors/catalogue.ts; empty for a clean allow. */
  readonly reasons: readonly string[];
  readonly findings?: readonly GuardFinding[];
  readonly tokens?: { readonly prompt?: number; readonly completion?: number; readonly total?: number };
  readonly inference?: InferenceRecord;
  readonly latencyMs: {
    /** Time spent in Parapet itself, excluding the upstream. */
    readonly parapet: number;
    readonly upstream?: number;
    readonly total: number;
  };
}

/** An event as stored: its place in its node's hash chain. */
export interface ChainedEvent {
  readonly node: string;
  /** 1-based position in the node's chain. */
  readonly seq: number;
  /** SHA-256 hex of the previous record's hash (64 zeros for seq 1). */
  readonly prevHash: string;
  /** SHA-256 hex over prevHash and the canonical JSON of the event. */
  readonly hash: string;
  readonly event: AuditEvent;
}
