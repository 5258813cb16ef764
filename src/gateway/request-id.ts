// Request ids: a client's `x-request-id` is kept when it is a sane token, otherwise a new one is made.

import { randomUUID } from 'node:crypto';

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestId(presented: string | string[] | undefined): string {
  return typeof presented === 'string' && SAFE.test(presented) ? presented : randomUUID();
}
