// The state of one call as it moves through the pipeline, and the audit event it becomes. Stages
// write into the context; the event is built once, at the end, from it.

import type { AuditEvent, GuardFinding, InferenceRecord } from '../audit/event.ts';
import type { Denial } from '../errors/index.ts';
import type { Identity } from '../identity/index.ts';

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer;
}

export interface CallContext {
  readonly requestId: string;
  readonly time: string;
  readonly t0: number;
  readonly source: string;
  readonly userAgent?: string;
  readonly method: string;
  route: string;
  /** The raw query string (without `?`), for operator routes. */
  query: string;
  identity?: Identity;
  model?: string;
  upstream?: string;
  modelVersion?: string;
  modelDigest?: string;
  bytesIn: number;
  stream: boolean;
  /** Time waiting for the upstream, excluded from Parapet's overhead. */
  upstreamMs: number;
  reasons: string[];
  findings: GuardFinding[];
  tokens?: { prompt?: number; completion?: number; total?: number };
  inference?: InferenceRecord;
  /** Set when the model encrypts answers: the caller's registered public key. */
  encryptTo?: import('./encrypt.ts').ResponseKey;
  /** Response headers from stages (RateLimit, request id). */
  headers: Record<string, string>;
}

export function newContext(
  requestId: string,
  source: string,
  userAgent: string | undefined,
  method: string,
  route: string,
): CallContext {
  return {
    requestId,
    time: new Date().toISOString(),
    t0: performance.now(),
    source,
    userAgent,
    method,
    route,
    query: '',
    bytesIn: 0,
    stream: false,
    upstreamMs: 0,
    reasons: [],
    findings: [],
    headers: { 'x-request-id': requestId },
  };
}

/** Parapet's own time so far, excluding the upstream. */
export function overheadMs(ctx: CallContext): number {
  return performance.now() - ctx.t0 - ctx.upstreamMs;
}

export function toEvent(
  ctx: CallContext,
  node: string,
  status: number,
  bytesOut: number,
  denial?: Denial,
): AuditEvent {
  const total = performance.now() - ctx.t0;
  const reasons = denial && !ctx.reasons.includes(denial.code) ? [...ctx.reasons, denial.code] : ctx.reasons;
  const id = ctx.identity;
  return {
    time: ctx.time,
    requestId: ctx.requestId,
    node,
    identity: id
      ? { kind: id.kind, id: id.id, roles: id.roles, ...(id.tenant ? { tenant: id.tenant } : {}) }
      : { kind: 'anonymous', id: '', roles: [] },
    source: { ip: ctx.source, ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}) },
    request: {
      method: ctx.method,
      route: ctx.route,
      ...(ctx.model ? { model: ctx.model } : {}),
      ...(ctx.upstream ? { upstream: ctx.upstream } : {}),
      ...(ctx.modelVersion ? { modelVersion: ctx.modelVersion, modelDigest: ctx.modelDigest } : {}),
      bytesIn: ctx.bytesIn,
      ...(ctx.stream ? { stream: true } : {}),
    },
    response: { status, bytesOut },
    decision: denial ? 'deny' : 'allow',
    reasons,
    ...(ctx.findings.length > 0 ? { findings: ctx.findings } : {}),
    ...(ctx.tokens ? { tokens: ctx.tokens } : {}),
    ...(ctx.inference ? { inference: ctx.inference } : {}),
    latencyMs: {
      parapet: round(total - ctx.upstreamMs),
      ...(ctx.upstreamMs > 0 ? { upstream: round(ctx.upstreamMs) } : {}),
      total: round(total),
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
