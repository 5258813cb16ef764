// Runs one guard check against the stage's shared deadline: a check that throws, returns malformed
// findings or finishes after the deadline counts as failed (the runner then fails closed).

import type { Check, Finding, GuardInput } from '../types.ts';

export type CheckOutcome =
  | { readonly kind: 'ok'; readonly findings: readonly Finding[] }
  | { readonly kind: 'error' | 'timeout' };

/** Settles with the check's findings, or `timeout` when `signal` aborts first or the deadline passed. */
export async function runCheck(
  check: Check,
  input: GuardInput,
  deadline: number,
  timedOut: Promise<void>,
): Promise<CheckOutcome> {
  let result: readonly Finding[] | Promise<readonly Finding[]>;
  try {
    result = check(input);
  } catch {
    return { kind: 'error' };
  }
  try {
    const findings = await Promise.race([Promise.resolve(result), timedOut.then(() => undefined)]);
    if (findings === undefined) return { kind: 'timeout' };
    // A synchronous check cannot be interrupted; one that ran past the budget still counts as late.
    if (performance.now() > deadline) return { kind: 'timeout' };
    if (!Array.isArray(findings)) return { kind: 'error' };
    return { kind: 'ok', findings };
  } catch {
    return { kind: 'error' };
  }
}
