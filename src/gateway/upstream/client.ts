// One keep-alive connection pool per upstream (undici), and the call that maps transport failures to
// denial codes: a timeout is `upstream.timeout` (504), anything else unreachable `upstream.unavailable`.

import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import type { UpstreamConfig } from '../../config/index.ts';
import { deny, fail, ok, type Result } from '../../errors/index.ts';

export interface Upstream {
  readonly config: UpstreamConfig;
  /** `http://host:port` — recorded in the audit event (never with credentials). */
  readonly origin: string;
  readonly pool: Pool;
  /** Path prefix of the configured URL (`/v1` for OpenAI-compatible upstreams). */
  readonly basePath: string;
  /** Headers sent on every call: the upstream's own credentials and configured extras. */
  readonly headers: Readonly<Record<string, string>>;
}

export function createUpstream(config: UpstreamConfig): Upstream {
  const url = new URL(config.url);
  const pool = new Pool(url.origin, {
    connections: config.connections,
    keepAliveTimeout: 30_000,
    connect: {
      timeout: config.connectTimeout,
      ...(config.caBundle ? { ca: readFileSync(config.caBundle), rejectUnauthorized: true } : {}),
    },
  });
  const headers: Record<string, string> = { 'content-type': 'application/json', ...config.headers };
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
  return { config, origin: url.origin, pool, basePath: url.pathname.replace(/\/+$/, ''), headers };
}

export interface UpstreamResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: AsyncIterable<Buffer> & {
    text(): Promise<string>;
    arrayBuffer(): Promise<ArrayBuffer>;
    destroy(): void;
  };
}

/** POSTs (or GETs) to the upstream; never throws for transport failures. */
export async function callUpstream(
  up: Upstream,
  path: string,
  body: string | Buffer | undefined,
  requestId: string,
  signal: AbortSignal,
  method: 'POST' | 'GET' = 'POST',
): Promise<Result<UpstreamResponse>> {
  try {
    const res = await up.pool.request({
      path: up.basePath + path,
      method,
      headers: { ...up.headers, 'x-request-id': requestId },
      body,
      signal,
      headersTimeout: up.config.timeout,
      bodyTimeout: up.config.timeout,
    });
    const ct = res.headers['content-type'];
    return ok({ status: res.statusCode, contentType: typeof ct === 'string' ? ct : '', body: res.body });
  } catch (err) {
    return fail(upstreamDenial(err));
  }
}

/** Maps an undici or abort error to the denial the client sees. */
export function upstreamDenial(err: unknown) {
  const code = (err as { code?: string })?.code ?? '';
  const name = (err as { name?: string })?.name ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || name === 'TimeoutError') {
    return deny('upstream.timeout', 'The upstream model did not answer in time.');
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return deny('upstream.timeout', 'Connecting to the upstream timed out.');
  return deny('upstream.unavailable', 'The upstream model could not be reached.', {
    detail: { cause: code || name },
  });
}
