// What the pipeline needs from the other parts, as narrow interfaces. gateway/start.ts builds the
// real ones from config; the pipeline never reaches around them.

import type { AuditEvent } from '../audit/event.ts';
import type { ModelConfig } from '../config/index.ts';
import type { Denial, Result } from '../errors/index.ts';
import type { RequestScope } from '../guards/types.ts';
import type { Identifier, Identity } from '../identity/index.ts';
import type { Upstream } from './upstream/client.ts';

export type Action = 'invoke' | 'list_models' | 'audit:read' | 'metrics:read' | 'keys:manage' | 'respond';

export interface Authorizer {
  authorize(q: {
    identity: Identity;
    action: Action;
    resource: { type: string; id: string; attrs?: Record<string, unknown> };
    context: { source: string; stream: boolean; route: string };
  }): { allowed: boolean; policies: readonly string[] };
}

export interface Lease {
  /** RateLimit headers for the allowed response. */
  readonly headers: Readonly<Record<string, string>>;
  release(usage: { promptTokens?: number; completionTokens?: number }): void;
}

export interface Limiter {
  acquire(q: { identity: string; model: string; promptTokens: number }): Promise<Result<Lease>>;
  throttle(identity: string, perMinute: number): Promise<Result<void>>;
}

export interface AuditSink {
  /** Resolves when the event is stored as durably as configured; rejects if it cannot be. */
  record(event: AuditEvent): Promise<void>;
}

export interface Flags {
  /** Synchronous: is this identity, source address, route or model blocked right now? */
  blocked(kind: 'identity' | 'source' | 'route' | 'model', id: string): boolean;
  /** A throttle a response action put on this identity (requests per minute), if any. */
  throttle?(identity: string): number | undefined;
  /** Confidence perturbation a response action put on this identity, if any. */
  perturbation?(identity: string): import('../incidents/index.ts').PerturbOptions | undefined;
}

/** A route's guards (src/guards), plus the PII guard's restorers when pseudonymisation is on. */
export type GuardSet = import('../guards/index.ts').GuardSet & {
  /** Puts pseudonymised values back into a whole answer (same request's scope). */
  restore?(text: string, scope: RequestScope): Promise<string>;
  /** The same for a streamed answer; holds back at most a partial placeholder. */
  openRestorer?(scope: RequestScope): Promise<{ push(delta: string): string; end(): string }>;
};

export interface ModelRoute {
  readonly config: ModelConfig;
  readonly upstream: Upstream;
  readonly guards?: GuardSet;
  /** Registry pin: the version and root digest the alias points at now (looked up per call, so a rollback is followed at once). */
  readonly pinned?: () => Promise<{ version: string; digest: string } | Denial>;
}

/** The operators' API, plugged in by whoever starts the gateway (the CLI), so gateway/ never imports admin/. */
export type AdminHandler = (
  ctx: import('./context.ts').CallContext,
  body: Buffer,
  authorizer: Authorizer,
) => Promise<import('./context.ts').Reply | Denial>;

export interface GatewayDeps {
  readonly node: string;
  readonly bodyLimit: number;
  readonly identifier: Identifier;
  readonly authorizer: Authorizer;
  readonly limiter: Limiter;
  readonly audit: AuditSink;
  readonly flags: Flags;
  readonly models: ReadonlyMap<string, ModelRoute>;
  readonly metrics?: import('./metrics.ts').GatewayMetrics;
  /** Operator API (admin routes); absent in bare pipelines. */
  readonly admin?: AdminHandler;
  /** Called after every audited call, off the response path (the monitor's feed). */
  readonly onEvent?: (event: AuditEvent) => void;
  readonly ready: () => boolean;
  /** Public keys that encrypted responses are sealed to, by identity id. */
  readonly responseKeys?: ReadonlyMap<string, import('./encrypt.ts').ResponseKey>;
  readonly log?: import('pino').Logger;
}
