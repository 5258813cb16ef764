// The gateway's route table: which method and path is which kind of call. Matching is a switch on
// fixed paths plus one split for `/v1/models/{name}/infer`, so it costs nothing measurable.

export type RouteKind = 'health' | 'ready' | 'metrics' | 'list_models' | 'openai' | 'infer' | 'admin';

export interface Route {
  readonly kind: RouteKind;
  /** Route template recorded in the audit event. */
  readonly template: string;
  /** For OpenAI calls, the path after `/v1` sent upstream. */
  readonly upstreamPath?: string;
  /** For inference calls, the model name from the path. */
  readonly model?: string;
}

const fixed: Record<string, Route> = {
  'GET /healthz': { kind: 'health', template: '/healthz' },
  'GET /readyz': { kind: 'ready', template: '/readyz' },
  'GET /metrics': { kind: 'metrics', template: '/metrics' },
  'GET /v1/models': { kind: 'list_models', template: '/v1/models' },
  'POST /v1/chat/completions': {
    kind: 'openai',
    template: '/v1/chat/completions',
    upstreamPath: '/chat/completions',
  },
  'POST /v1/completions': { kind: 'openai', template: '/v1/completions', upstreamPath: '/completions' },
  'POST /v1/responses': { kind: 'openai', template: '/v1/responses', upstreamPath: '/responses' },
  'POST /v1/embeddings': { kind: 'openai', template: '/v1/embeddings', upstreamPath: '/embeddings' },
};

/** Matches a request; `undefined` means no route (404 `route.not_found`). */
export function matchRoute(method: string, path: string): Route | undefined {
  const hit = fixed[`${method} ${path}`];
  if (hit) return hit;
  if (path.startsWith('/admin/')) return { kind: 'admin', template: path };
  if (method !== 'POST') return undefined;
  // /v1/models/{name}/infer and KServe v2 /v2/models/{name}/infer (name may contain '/', e.g. org/model)
  for (const [prefix, template] of [
    ['/v1/models/', '/v1/models/{name}/infer'],
    ['/v2/models/', '/v2/models/{name}/infer'],
  ] as const) {
    if (path.startsWith(prefix) && path.endsWith('/infer')) {
      const name = decodeURIComponentSafe(path.slice(prefix.length, -'/infer'.length));
      if (name) return { kind: 'infer', template, model: name };
    }
  }
  return undefined;
}

function decodeURIComponentSafe(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
