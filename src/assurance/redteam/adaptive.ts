// One adaptive attack (PAIR, Crescendo) as one attempt: wires the attacker model, the target, the
// probe's grader and the judge's 1–10 score into the strategy, and folds what it did into the attempt
// and the run's attacker record.

import { parseScore, SCORE_RUBRIC_HASH, scorePrompt } from './lib/attacker.ts';
import type { Attempt, RunResult } from './result.ts';
import { CRESCENDO_SYSTEM_HASH } from './strategies/crescendo.ts';
import { PAIR_SYSTEM_HASH } from './strategies/pair.ts';
import type { Target } from './target/index.ts';
import type { AdaptiveLimits, Conversation, Reply, Strategy, TestCase, Verdict } from './types.ts';

export interface Attacker {
  readonly target: Target;
  readonly limits: AdaptiveLimits;
}

/** What the attacker did over the whole run. */
export interface AttackerTotals {
  refusals: number;
  errors: number;
  judgeRequests: number;
  judgeUnparseable: number;
}

export const attackerTotals = (): AttackerTotals => ({
  refusals: 0,
  errors: 0,
  judgeRequests: 0,
  judgeUnparseable: 0,
});

export interface AdaptiveAttempt {
  readonly strategy: Strategy;
  readonly tc: TestCase;
  readonly base: Omit<Attempt, 'outcome' | 'reason'>;
  readonly attacker: Attacker;
  readonly target: Target;
  readonly judge?: Target;
  /** The probe's grader (or the judge standing in for a heuristic one). */
  readonly grade: (reply: Extract<Reply, { kind: 'ok' }>, conversation: Conversation) => Promise<Verdict>;
  /** True when `grade` decides the objective itself rather than whether one answer complied. */
  readonly gradesObjective: boolean;
  readonly totals: AttackerTotals;
}

/** Runs the strategy's attack on one case; never throws for a failing attacker or target. */
export async function adaptiveAttempt(a: AdaptiveAttempt): Promise<Attempt> {
  const judge = a.judge;
  const r = await a.strategy.adaptive!(a.tc, {
    limits: a.attacker.limits,
    gradesObjective: a.gradesObjective,
    attacker: (messages) => a.attacker.target.send(messages),
    target: (messages, tools) => a.target.send(messages, tools),
    grade: a.grade,
    score: judge
      ? async (objective, prompt, answer) => {
          const s = await judge.send([{ role: 'user', content: scorePrompt(objective, prompt, answer) }]);
          return s.kind === 'ok' ? parseScore(s.text) : undefined;
        }
      : undefined,
  });
  a.totals.refusals += r.stats.attackerRefusals;
  a.totals.errors += r.stats.attackerErrors;
  a.totals.judgeRequests += r.stats.judgeRequests;
  a.totals.judgeUnparseable += r.stats.judgeUnparseable;
  const adaptive = { ...r.stats, prompt: r.prompt?.slice(0, 500) };
  const base = a.base;
  if (r.verdict)
    return { ...base, outcome: r.verdict.outcome, reason: r.verdict.reason, excerpt: r.excerpt, adaptive };
  if (r.failure?.kind === 'blocked')
    return { ...base, outcome: 'blocked', reason: r.failure.message, code: r.failure.code, adaptive };
  if (r.failure) return { ...base, outcome: 'error', reason: r.failure.message, adaptive };
  return {
    ...base,
    outcome: 'error',
    reason: `no attack reached the target: ${r.attackerFailure ?? 'no iterations'}`,
    adaptive,
  };
}

/** The attacker as recorded in the result: endpoint, pinned prompt hashes, limits and counts. */
export function attackerRecord(a: Attacker, t: AttackerTotals): NonNullable<RunResult['attacker']> {
  return {
    ...a.target.describe,
    prompts: { pair: PAIR_SYSTEM_HASH, crescendo: CRESCENDO_SYSTEM_HASH },
    limits: { ...a.limits },
    requests: a.target.sent(),
    ...t,
  };
}

/** The judge as recorded in the result: endpoint, both pinned rubric hashes, requests. */
export function judgeRecord(judge: Target, rubricHash: string): NonNullable<RunResult['judge']> {
  return { ...judge.describe, rubricHash, scoreRubricHash: SCORE_RUBRIC_HASH, requests: judge.sent() };
}
