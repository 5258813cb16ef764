// Authorisation decisions with Cedar: default deny, the shipped role templates plus the operator's own
// policy files, validated against Parapet's schema at load. On the hot path a decision is one
// pre-parsed Cedar evaluation, remembered in a bounded cache keyed by everything a policy can read.

import { readFileSync } from 'node:fs';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { deny, fail, ok, type Result } from '../errors/index.ts';
import { type LoadedPolicy, loadPolicies } from './load.ts';

export type ActionName =
  | 'invoke'
  | 'list_models'
  | 'audit:read'
  | 'metrics:read'
  | 'keys:manage'
  | 'registry:read'
  | 'registry:push'
  | 'registry:promote'
  | 'incidents:manage'
  | 'respond'
  | 'policy:read';

export interface Principal {
  readonly id: string;
  readonly kind: string;
  readonly roles: readonly string[];
  readonly models: readonly string[];
  readonly tenant?: string;
}

export interface AuthzRequest {
  readonly principal: Principal;
  readonly action: ActionName | string;
  /** `Model` with attrs {name, risk_tier, tags}, or an operator resource type (`Audit`, `Keys` …). */
  readonly resource: { readonly type: string; readonly id: string; readonly attrs?: Record<string, unknown> };
  readonly context: {
    readonly source: string;
    readonly stream?: boolean;
    readonly route?: string;
    readonly alias?: string;
    readonly now?: Date;
  };
}

export interface Decision {
  readonly allowed: boolean;
  /** Policies that determined the decision (`template:app#app.invoke`, `file:hours.cedar#0`). */
  readonly policies: readonly string[];
  readonly errors: readonly string[];
}

export interface Authorizer {
  authorize(req: AuthzRequest): Decision;
  /** Every loaded policy with its origin, for `policy check` explanations. */
  readonly policies: readonly LoadedPolicy[];
}

const CACHE_MAX = 50_000;
let sets = 0;

/** Loads templates and operator policies; a policy that fails to parse or validate is an error value. */
export async function createAuthorizer(
  opts: { extraPolicyFiles?: readonly string[]; extraPolicies?: string } = {},
): Promise<Result<Authorizer>> {
  const loaded = loadPolicies(opts.extraPolicyFiles ?? [], opts.extraPolicies);
  if (!loaded.ok) return fail(deny('internal.error', loaded.error));
  const policies = loaded.value;
  const schema = readFileSync(new URL('./schema.cedarschema', import.meta.url), 'utf8');
  const staticPolicies: Record<string, string> = {};
  for (const p of policies) staticPolicies[p.id] = p.text;

  const validation = cedar.validate({
    schema,
    policies: { staticPolicies },
    validationSettings: { mode: 'strict' },
  });
  if (validation.type === 'failure')
    return fail(
      deny('internal.error', `policy schema: ${validation.errors.map((e) => e.message).join('; ')}`),
    );
  if (validation.validationErrors.length > 0) {
    const e = validation.validationErrors[0]!;
    const p = policies.find((x) => x.id === e.policyId);
    return fail(
      deny(
        'internal.error',
        `${p?.origin ?? e.policyId}: policy does not match Parapet's schema: ${e.error.message}`,
      ),
    );
  }
  const setId = `parapet-${++sets}`;
  const pre = cedar.preparsePolicySet(setId, { staticPolicies });
  if (pre.type === 'failure')
    return fail(deny('internal.error', `policies: ${pre.errors.map((e) => e.message).join('; ')}`));
  const schemaName = `${setId}-schema`;
  const preSchema = cedar.preparseSchema(schemaName, schema);
  if (preSchema.type === 'failure')
    return fail(deny('internal.error', `schema: ${preSchema.errors.map((e) => e.message).join('; ')}`));

  const cache = new Map<string, Decision>();
  return ok({
    policies,
    authorize(req) {
      const now = req.context.now ?? new Date();
      const hour = now.getUTCHours();
      const weekday = now.getUTCDay();
      const p = req.principal;
      const key = JSON.stringify([
        p.id,
        p.kind,
        p.roles,
        p.models,
        p.tenant,
        req.action,
        req.resource,
        req.context.source,
        req.context.stream,
        req.context.route,
        req.context.alias,
        hour,
        weekday,
      ]);
      const hit = cache.get(key);
      if (hit) return hit;
      const decision = evaluate(req, hour, weekday, setId, schemaName);
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(key, decision);
      return decision;
    },
  });
}

function evaluate(
  req: AuthzRequest,
  hour: number,
  weekday: number,
  setId: string,
  schemaName: string,
): Decision {
  const p = req.principal;
  const principal = { type: 'Parapet::Identity', id: p.id };
  const resource = { type: `Parapet::${req.resource.type}`, id: req.resource.id };
  const entities: cedar.EntityJson[] = [
    {
      uid: principal,
      attrs: { kind: p.kind, models: [...p.models], ...(p.tenant ? { tenant: p.tenant } : {}) },
      parents: p.roles.map((r) => ({ type: 'Parapet::Role', id: r })),
    },
    ...p.roles.map((r) => ({ uid: { type: 'Parapet::Role', id: r }, attrs: {}, parents: [] })),
  ];
  if (req.resource.type === 'Model') {
    const a = req.resource.attrs ?? {};
    entities.push({
      uid: resource,
      attrs: {
        name: String(a.name ?? req.resource.id),
        risk_tier: String(a.risk_tier ?? 'unknown'),
        tags: Array.isArray(a.tags) ? a.tags.map(String) : [],
      },
      parents: [],
    });
  } else entities.push({ uid: resource, attrs: {}, parents: [] });
  const source = isIp(req.context.source) ? req.context.source : '0.0.0.0';
  const answer = cedar.statefulIsAuthorized({
    principal,
    action: { type: 'Parapet::Action', id: req.action },
    resource,
    context: {
      source: { __extn: { fn: 'ip', arg: source.startsWith('::ffff:') ? source.slice(7) : source } },
      hour,
      weekday,
      stream: req.context.stream ?? false,
      route: req.context.route ?? '',
      ...(req.context.alias ? { alias: req.context.alias } : {}),
    },
    preparsedPolicySetId: setId,
    preparsedSchemaName: schemaName,
    validateRequest: true,
    entities,
  });
  if (answer.type === 'failure')
    return { allowed: false, policies: [], errors: answer.errors.map((e) => e.message) };
  const r = answer.response;
  const errors = r.diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`);
  // An evaluation error in any policy denies: a forbid that errored must not be silently skipped.
  return { allowed: r.decision === 'allow' && errors.length === 0, policies: r.diagnostics.reason, errors };
}

function isIp(s: string): boolean {
  return /^[0-9a-fA-F:.]{2,45}$/.test(s);
}
