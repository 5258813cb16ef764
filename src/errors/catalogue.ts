// One catalogue of every denial and error code Parapet returns: its HTTP status, the OpenAI-style
// error type SDKs map it to, and a one-line meaning. docs/errors.md lists the same codes (a test
// checks that the two agree). Add a code here, with its line in docs/errors.md, before returning it.

export interface ErrorSpec {
  /** HTTP status the gateway or admin API answers with. */
  readonly status: number;
  /** OpenAI error `type`, so OpenAI SDKs raise the matching exception class. */
  readonly type:
    | 'invalid_request_error'
    | 'authentication_error'
    | 'permission_error'
    | 'not_found_error'
    | 'rate_limit_error'
    | 'api_error'
    | 'timeout_error'
    | 'server_error';
  readonly meaning: string;
}

export const catalogue = {
  // identity
  'auth.missing': { status: 401, type: 'authentication_error', meaning: 'No credentials were presented.' },
  'auth.invalid': {
    status: 401,
    type: 'authentication_error',
    meaning: 'The credentials were not recognised, or the token failed verification.',
  },
  'auth.expired': { status: 401, type: 'authentication_error', meaning: 'The key or token has expired.' },
  'auth.revoked': { status: 401, type: 'authentication_error', meaning: 'The key has been revoked.' },
  'auth.blocked': {
    status: 403,
    type: 'permission_error',
    meaning: 'The identity or source address is blocked by a response action.',
  },
  // authorisation
  'policy.denied': {
    status: 403,
    type: 'permission_error',
    meaning: 'No policy permits this principal to take this action on this resource.',
  },
  'route.disabled': {
    status: 503,
    type: 'api_error',
    meaning: 'The route has been disabled by an operator.',
  },
  'model.not_found': {
    status: 404,
    type: 'not_found_error',
    meaning: 'No model of that name is configured (or the caller may not see it).',
  },
  'route.not_found': {
    status: 404,
    type: 'not_found_error',
    meaning: 'No route answers this method and path.',
  },
  // limits
  'limit.rate': {
    status: 429,
    type: 'rate_limit_error',
    meaning: 'Too many requests in the current window.',
  },
  'limit.tokens': {
    status: 429,
    type: 'rate_limit_error',
    meaning: 'Too many tokens in the current minute.',
  },
  'limit.budget': { status: 429, type: 'rate_limit_error', meaning: 'The daily token budget is spent.' },
  'limit.concurrency': {
    status: 429,
    type: 'rate_limit_error',
    meaning: 'Too many requests of this identity are in flight at once.',
  },
  // request shape
  'request.invalid': {
    status: 400,
    type: 'invalid_request_error',
    meaning: 'The request body is malformed or fails validation.',
  },
  'request.too_large': {
    status: 413,
    type: 'invalid_request_error',
    meaning: 'The request body exceeds the configured size limit.',
  },
  'request.timeout': {
    status: 408,
    type: 'invalid_request_error',
    meaning: 'The client took too long to send the request.',
  },
  // guards
  'guard.validation': {
    status: 400,
    type: 'invalid_request_error',
    meaning: 'The input failed the route’s validation guard (size, messages, feature schema).',
  },
  'guard.unicode': {
    status: 403,
    type: 'permission_error',
    meaning: 'Hidden or obfuscating characters were found in the text.',
  },
  'guard.injection': {
    status: 403,
    type: 'permission_error',
    meaning: 'Prompt injection or jailbreak detected.',
  },
  'guard.pii': {
    status: 403,
    type: 'permission_error',
    meaning: 'Personal data found where the route blocks it.',
  },
  'guard.secrets': {
    status: 403,
    type: 'permission_error',
    meaning: 'A credential or secret was found where the route blocks it.',
  },
  'guard.canary': {
    status: 403,
    type: 'permission_error',
    meaning: 'The answer contained the request’s canary token (system-prompt leak).',
  },
  'guard.exfiltration': {
    status: 403,
    type: 'permission_error',
    meaning: 'The answer links or embeds content from a host not on the allow-list.',
  },
  'guard.error': {
    status: 503,
    type: 'api_error',
    meaning: 'A guard failed or ran out of time and is configured to fail closed.',
  },
  // upstream
  'upstream.timeout': {
    status: 504,
    type: 'timeout_error',
    meaning: 'The upstream model did not answer in time.',
  },
  'upstream.unavailable': {
    status: 502,
    type: 'api_error',
    meaning: 'The upstream model could not be reached or answered with an invalid response.',
  },
  'upstream.error': {
    status: 502,
    type: 'api_error',
    meaning: 'The upstream answered with a server error.',
  },
  // registry / serving integrity
  'registry.unverified': {
    status: 503,
    type: 'api_error',
    meaning: 'The pinned model version failed verification and will not be served.',
  },
  // admin and internal
  'admin.invalid': { status: 400, type: 'invalid_request_error', meaning: 'The admin request is invalid.' },
  'internal.error': { status: 500, type: 'server_error', meaning: 'An unexpected error inside Parapet.' },
} as const satisfies Record<string, ErrorSpec>;

export type Code = keyof typeof catalogue;

export function isCode(value: string): value is Code {
  return Object.hasOwn(catalogue, value);
}
