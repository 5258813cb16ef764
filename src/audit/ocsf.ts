// Export to the OCSF API Activity class (class_uid 6003, category 6 Application Activity), the shape
// SIEMs ingest. Fields without an OCSF home go under `unmapped`; sensitive text is never in an event.

import type { AuditEvent } from './event.ts';

export const OCSF_VERSION = '1.3.0';
const API_ACTIVITY = 6003;
const APPLICATION_ACTIVITY = 6;
/** activity_id 99 (Other): a model call is neither a create, read, update nor delete. */
const ACTIVITY_OTHER = 99;

export interface OcsfApiActivity {
  readonly class_uid: 6003;
  readonly class_name: 'API Activity';
  readonly category_uid: 6;
  readonly category_name: 'Application Activity';
  readonly activity_id: number;
  readonly activity_name: string;
  readonly type_uid: number;
  readonly type_name: string;
  readonly time: number;
  readonly severity_id: number;
  readonly severity: string;
  readonly status_id: 1 | 2;
  readonly status: 'Success' | 'Failure';
  readonly status_code: string;
  readonly status_detail?: string;
  readonly metadata: {
    readonly version: string;
    readonly uid: string;
    readonly product: {
      readonly name: 'Parapet';
      readonly vendor_name: 'Parapet';
      readonly feature: { readonly name: string };
    };
    readonly tenant_uid?: string;
    readonly log_provider: string;
  };
  readonly actor: {
    readonly user: {
      readonly uid: string;
      readonly type: string;
      readonly groups: { readonly name: string }[];
    };
  };
  readonly api: {
    readonly operation: string;
    readonly request: { readonly uid: string };
    readonly response: { readonly code: number };
    readonly service: { readonly name: string };
  };
  readonly src_endpoint: { readonly ip: string };
  readonly http_request: {
    readonly http_method: string;
    readonly url: { readonly path: string };
    readonly user_agent?: string;
    readonly length: number;
  };
  readonly http_response: { readonly code: number; readonly length: number };
  readonly duration: number;
  readonly unmapped: Record<string, unknown>;
}

/** Maps one audit event to an OCSF API Activity record. */
export function toOcsf(event: AuditEvent): OcsfApiActivity {
  const denied = event.decision === 'deny';
  const u: Record<string, unknown> = { parapet_reasons: event.reasons, parapet_latency_ms: event.latencyMs };
  if (event.request.model !== undefined) u.parapet_model = event.request.model;
  if (event.request.modelVersion !== undefined) u.parapet_model_version = event.request.modelVersion;
  if (event.request.modelDigest !== undefined) u.parapet_model_digest = event.request.modelDigest;
  if (event.request.upstream !== undefined) u.parapet_upstream = event.request.upstream;
  if (event.request.stream !== undefined) u.parapet_stream = event.request.stream;
  if (event.findings?.length) u.parapet_findings = event.findings;
  if (event.tokens) u.parapet_tokens = event.tokens;
  if (event.inference) u.parapet_inference = event.inference;
  return {
    class_uid: API_ACTIVITY,
    class_name: 'API Activity',
    category_uid: APPLICATION_ACTIVITY,
    category_name: 'Application Activity',
    activity_id: ACTIVITY_OTHER,
    activity_name: 'Other',
    type_uid: API_ACTIVITY * 100 + ACTIVITY_OTHER,
    type_name: 'API Activity: Other',
    time: Date.parse(event.time),
    // Informational for allows; Medium for denials (a guard or policy stopped something).
    severity_id: denied ? 3 : 1,
    severity: denied ? 'Medium' : 'Informational',
    status_id: denied ? 2 : 1,
    status: denied ? 'Failure' : 'Success',
    status_code: denied ? (event.reasons[0] ?? 'denied') : 'allow',
    ...(denied && event.reasons.length ? { status_detail: event.reasons.join(',') } : {}),
    metadata: {
      version: OCSF_VERSION,
      uid: event.requestId,
      product: { name: 'Parapet', vendor_name: 'Parapet', feature: { name: 'gateway' } },
      ...(event.identity.tenant !== undefined ? { tenant_uid: event.identity.tenant } : {}),
      log_provider: event.node,
    },
    actor: {
      user: {
        uid: event.identity.id,
        type: event.identity.kind,
        groups: event.identity.roles.map((name) => ({ name })),
      },
    },
    api: {
      operation: `${event.request.method} ${event.request.route}`,
      request: { uid: event.requestId },
      response: { code: event.response.status },
      service: { name: event.request.model ?? event.request.route },
    },
    src_endpoint: { ip: event.source.ip },
    http_request: {
      http_method: event.request.method,
      url: { path: event.request.route },
      ...(event.source.userAgent !== undefined ? { user_agent: event.source.userAgent } : {}),
      length: event.request.bytesIn,
    },
    http_response: { code: event.response.status, length: event.response.bytesOut },
    duration: event.latencyMs.total,
    unmapped: u,
  };
}
