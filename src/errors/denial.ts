// A denial is the typed result a pipeline stage returns instead of passing a request on. It becomes
// an HTTP error in exactly one place (gateway/respond).

import { type Code, catalogue } from './catalogue.ts';

export interface Denial {
  readonly code: Code;
  /** Human-readable, safe to show the caller: never contains secrets or the sensitive text itself. */
  readonly message: string;
  /** Extra response headers (Retry-After, RateLimit-*). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Machine-readable detail for the audit event (which guard fired, which field failed). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** Result of any pipeline stage: either it passes with a value, or it denies. */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly denial: Denial };

export function deny(code: Code, message?: string, extra?: Pick<Denial, 'headers' | 'detail'>): Denial {
  return { code, message: message ?? catalogue[code].meaning, ...extra };
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(denial: Denial): Result<T> {
  return { ok: false, denial };
}

/** Thrown only where a denial must cross a callback boundary; caught and turned into a Denial. */
export class DenialError extends Error {
  readonly denial: Denial;
  constructor(denial: Denial) {
    super(`${denial.code}: ${denial.message}`);
    this.name = 'DenialError';
    this.denial = denial;
  }
}
