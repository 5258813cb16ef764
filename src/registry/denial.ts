// The bridge from a failed verification to the gateway's typed denial: one code,
// `registry.unverified`, with the problems as machine-readable detail (never file contents).

import { type Denial, deny } from '../errors/index.ts';
import { describeProblem, type VerifyResult } from './verify.ts';

/** The denial for a model that failed verification, or undefined when it verified. */
export function verificationDenial(r: VerifyResult): Denial | undefined {
  if (r.ok) return undefined;
  return deny(
    'registry.unverified',
    `model ${r.artifact} failed verification: ${describeProblem(r.problems[0]!)}`,
    {
      detail: {
        artifact: r.artifact,
        rootDigest: r.rootDigest ?? null,
        problems: r.problems.slice(0, 50).map((p) => ({ ...p })),
      },
    },
  );
}
