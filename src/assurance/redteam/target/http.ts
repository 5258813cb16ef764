// One HTTP exchange with a target, shared by the OpenAI and generic adapters: a timeout, a bounded
// body, and the decision whether an error answer is a gateway's denial (blocked) or a failure (error).

import { Agent, request } from 'undici';

const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
const MAX_BODY = 4 * 1024 * 1024;

export type Exchange =
  | { readonly kind: 'ok'; readonly json: unknown }
  | { readonly kind: 'blocked'; readonly code: string; readonly status: number; readonly message: string }
  | { readonly kind: 'error'; readonly message: string; readonly status?: number; readonly retry: boolean };

/** Codes a gateway answers when a guard, a policy or a limit stopped the request. */
export function isDenialCode(code: string): boolean {
  return (
    /^(?:guard|policy|limit)\.[a-z_.]{1,64}$/.test(code) ||
    code === 'auth.blocked' ||
    code === 'route.disabled'
  );
}

/** Sends one JSON request and classifies the answer. */
export async function exchange(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
  method = 'POST',
): Promise<Exchange> {
  let status: number;
  let text: string;
  try {
    const res = await request(url, {
      method: method as 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: method === 'GET' ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher,
    });
    status = res.statusCode;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of res.body) {
      size += (c as Buffer).length;
      if (size > MAX_BODY) {
        res.body.destroy();
        return { kind: 'error', message: `answer larger than ${MAX_BODY} bytes`, status, retry: false };
      }
      chunks.push(c as Buffer);
    }
    text = Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    const e = err as Error;
    const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { kind: 'error', message: timeout ? `no answer within ${timeoutMs} ms` : e.message, retry: true };
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (status >= 200 && status < 300) {
    if (json === undefined) return { kind: 'error', message: 'the answer is not JSON', status, retry: false };
    return { kind: 'ok', json };
  }
  const err = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const message = typeof err?.message === 'string' ? err.message.slice(0, 300) : `HTTP ${status}`;
  if (code && isDenialCode(code)) return { kind: 'blocked', code, status, message };
  return {
    kind: 'error',
    message: code ? `${code}: ${message}` : message,
    status,
    retry: status >= 500 || status === 429,
  };
}
