// The operators' API on the gateway's own port, under /admin/. Every call is authenticated by the
// pipeline (same keys, JWTs, certificates) and authorised here by Cedar against an operator action:
// reading the audit log needs `audit:read`, managing keys `keys:manage`, response actions `respond`.

import { type Denial, deny } from '../errors/index.ts';
import type { CallContext, Reply } from '../gateway/context.ts';
import type { Action, AdminHandler, Authorizer } from '../gateway/deps.ts';
import type { State } from '../state/index.ts';
import type { Store } from '../store/index.ts';
import { auditRoutes } from './audit.ts';
import { flagRoutes } from './flags.ts';
import { keyRoutes } from './keys.ts';

export interface AdminParts {
  readonly store: Store;
  readonly state: State;
}

export interface AdminRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path after /admin, with `:name` parameters. */
  readonly path: string;
  readonly action: Action;
  /** Cedar resource type the action is checked against. */
  readonly resource: 'Audit' | 'Keys' | 'Actions';
  handle(req: AdminRequest): Promise<Reply | Denial>;
}

export interface AdminRequest {
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly ctx: CallContext;
}

/** Builds the /admin handler from the parts it reads and changes. */
export function createAdmin(parts: AdminParts): AdminHandler {
  const routes: AdminRoute[] = [
    ...auditRoutes(parts.store),
    ...keyRoutes(parts.store),
    ...flagRoutes(parts.state),
  ];
  return async (ctx, raw, authorizer) => {
    const path = ctx.route.slice('/admin'.length);
    for (const route of routes) {
      if (route.method !== ctx.method) continue;
      const params = match(route.path, path);
      if (!params) continue;
      ctx.route = `/admin${route.path}`;
      if (!allowed(authorizer, ctx, route)) {
        return deny('policy.denied', `Your roles do not allow ${route.action} on ${route.resource}.`);
      }
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch (err) {
          return deny('admin.invalid', `The body is not valid JSON: ${(err as Error).message}`);
        }
      }
      return route.handle({ params, query: new URLSearchParams(ctx.query), body, ctx });
    }
    return deny('route.not_found', `No operator route for ${ctx.method} ${ctx.route}.`);
  };
}

function allowed(authorizer: Authorizer, ctx: CallContext, route: AdminRoute): boolean {
  return authorizer.authorize({
    identity: ctx.identity!,
    action: route.action,
    resource: { type: route.resource, id: route.resource.toLowerCase() },
    context: { source: ctx.source, stream: false, route: ctx.route },
  }).allowed;
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i]!.startsWith(':')) {
      try {
        params[want[i]!.slice(1)] = decodeURIComponent(got[i]!);
      } catch {
        return undefined;
      }
    } else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

export function json(status: number, value: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
