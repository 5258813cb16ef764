// Test and replay helper: an AuditEvent shaped exactly as the gateway records a classifier call.

import type { AuditEvent, GuardFinding } from '../../audit/event.ts';

export interface EventSpec {
  readonly at: number;
  readonly identity: string;
  readonly model?: string;
  readonly features?: readonly number[];
  readonly label?: number;
  readonly confidence?: number;
  readonly ip?: string;
  readonly tenant?: string;
  readonly requestId?: string;
  readonly findings?: readonly GuardFinding[];
  readonly reasons?: readonly string[];
  readonly decision?: 'allow' | 'deny';
}

let counter = 0;

/** Builds the event the gateway would record for this call. */
export function classifierEvent(s: EventSpec): AuditEvent {
  const decision = s.decision ?? 'allow';
  return {
    time: new Date(s.at).toISOString(),
    requestId: s.requestId ?? `r${++counter}`,
    node: 'n1',
    identity: { kind: 'api_key', id: s.identity, roles: ['app'], ...(s.tenant ? { tenant: s.tenant } : {}) },
    source: { ip: s.ip ?? '10.0.0.1' },
    request: {
      method: 'POST',
      route: '/v1/models/{name}/infer',
      model: s.model ?? 'digits',
      bytesIn: 400,
      stream: false,
    },
    response: { status: decision === 'allow' ? 200 : 403, bytesOut: 120 },
    decision,
    reasons: s.reasons ?? [],
    ...(s.findings ? { findings: s.findings } : {}),
    ...(s.features
      ? {
          inference: {
            features: s.features,
            ...(s.label !== undefined ? { label: s.label } : {}),
            ...(s.confidence !== undefined ? { confidence: s.confidence } : {}),
          },
        }
      : {}),
    latencyMs: { parapet: 0.2, upstream: 2, total: 2.2 },
  };
}
