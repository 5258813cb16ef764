// The one place a denial becomes an HTTP error: the OpenAI error shape, so OpenAI SDKs raise the
// matching exception and carry Parapet's code and the request id.

import { catalogue, type Denial } from '../errors/index.ts';

export interface ErrorBody {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export function errorBody(denial: Denial, requestId: string): ErrorBody {
  const spec = catalogue[denial.code];
  return {
    status: spec.status,
    headers: { ...denial.headers },
    body: JSON.stringify({
      error: {
        type: spec.type,
        code: denial.code,
        message: denial.message,
        param: null,
        request_id: requestId,
      },
    }),
  };
}

/** The same error as one server-sent event, for ending a stream that a guard blocked. */
export function errorEvent(denial: Denial, requestId: string): string {
  return `data: ${errorBody(denial, requestId).body}\n\n`;
}
