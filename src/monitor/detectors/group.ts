// A linked group of accounts (their queries near-copies of, or Jacobian steps from, each other's)
// judged as one account: the members' recent windows pooled against the same tests at the same rates
// as a single account (e.g. ≥ 20 synthetic queries and ≥ 20 % of those judged). The alert names the
// members whose queries fail the test, and needs at least two of them, so one account's own
// misbehaviour does not convict an account linked to it by chance.

import type { FlagRing } from '../lib/ring.ts';
import type { AlertDraft } from '../types.ts';

/** The per-account windows a group pools. */
export interface GroupMember {
  readonly stepsAny: FlagRing;
  readonly synthetic: FlagRing;
  readonly near: FlagRing;
  readonly ood: FlagRing;
}

/** One test: which window, and the single account's threshold (`count` of the last `window`). */
export interface GroupTest {
  readonly name: string;
  readonly ring: keyof GroupMember;
  readonly count: number;
  readonly window: number;
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;

/**
 * Builds the judge: `linked(who, at)` gives an account's live group (or undefined), `member(id, model)`
 * its windows for the model.
 */
export function createGroupJudge(
  tests: readonly GroupTest[],
  linked: (who: string, at: number) => string[] | undefined,
  member: (id: string, model: string) => GroupMember | undefined,
) {
  return (who: string, model: string, at: number, requestId: string, emit: (a: AlertDraft) => void) => {
    const members = linked(who, at);
    if (!members) return;
    const group = members.map((m) => member(m, model));
    for (const t of tests) {
      let ones = 0;
      let judged = 0;
      const failing: string[] = [];
      group.forEach((st, i) => {
        if (!st) return;
        const r = st[t.ring];
        ones += r.ones;
        judged += r.size;
        if (r.ones > 0) failing.push(members[i]!);
      });
      if (failing.length < 2 || ones < t.count || ones < (t.count / t.window) * judged) continue;
      const sorted = failing.sort();
      emit({
        detector: 'extraction.cluster',
        severity: 'high',
        key: `extraction.cluster:${model}:${sorted[0]}`,
        summary: `${failing.length} of ${members.length} linked accounts, judged as one, fail the ${t.name} test on ${model}: ${ones} of their last ${judged} queries (limit ${Math.ceil(t.count)} and ${round((100 * t.count) / t.window)} %) — one attack split across accounts`,
        evidence: {
          test: t.name,
          suspectQueries: ones,
          judgedQueries: judged,
          minCount: round(t.count),
          minShare: round(t.count / t.window),
          accounts: failing.length,
          linkedAccounts: members.length,
        },
        identities: sorted.slice(0, 100),
        models: [model],
        requestIds: [requestId],
        at,
      });
      return;
    }
  };
}
