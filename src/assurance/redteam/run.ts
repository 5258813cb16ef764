// Runs probes × strategies × repeats against a target with bounded concurrency, grades every answer,
// and folds the outcomes into the one result model. Never counts an error, a denial or an unscorable
// answer as "safe": each has its own count.

import { randomUUID } from 'node:crypto';
import { coverage } from './coverage.ts';
import { REFUSAL_MEASURED } from './lib/refusal.ts';
import { derive, seeded } from './lib/rng.ts';
import { loadRegistry } from './registry.ts';
import type { Attempt, Cell, Outcome, RunResult } from './result.ts';
import { falseRefusals, tally } from './stats.ts';
import type { Target } from './target/index.ts';
import { adaptiveAttempt, type Attacker, attackerRecord, attackerTotals, judgeRecord } from './adaptive.ts';
import type { Conversation, GradeContext, Message, Probe, Reply, TestCase, Verdict } from './types.ts';

export interface RunOptions {
  readonly target: Target;
  /** Probe names; default every shipped probe. */
  readonly probes?: readonly string[];
  /** Restricts each probe's own strategy list to these; default no restriction. */
  readonly strategies?: readonly string[];
  readonly casesPerProbe?: number;
  readonly repeats?: number;
  readonly seed?: number;
  readonly concurrency?: number;
  /** Request budget the target enforces (recorded in the result). */
  readonly budget?: number;
  /** A model that answers the LLM-judge rubric, when configured. */
  readonly judge?: Target;
  readonly model?: { name: string; version?: string };
  readonly graderAccuracy?: RunResult['graderAccuracy'];
  /** An attacker model: enables the adaptive strategies (pair, crescendo). */
  readonly attacker?: Attacker;
}

interface Task {
  probe: Probe;
  strategy: string;
  tc: TestCase;
  /** Undefined for adaptive strategies, which build their own. */
  conversation?: Conversation;
  repeat: number;
}

/** Sends a conversation turn by turn; the reply to the last turn (or the first failure) is returned. */
async function converse(target: Target, c: Conversation): Promise<Reply> {
  const messages: Message[] = [
    ...(c.system ? [{ role: 'system' as const, content: c.system }] : []),
    ...c.context,
  ];
  let reply: Reply = { kind: 'error', message: 'no turns' };
  for (const turn of c.turns) {
    messages.push({ role: 'user', content: turn });
    reply = await target.send(messages, c.tools);
    if (reply.kind !== 'ok') return reply;
    messages.push({ role: 'assistant', content: reply.text });
  }
  return reply;
}

/** Runs the suite. Unknown probe or strategy names reject with a message naming them. */
export async function runRedteam(opts: RunOptions): Promise<RunResult> {
  const reg = await loadRegistry();
  const seed = opts.seed ?? 1;
  const repeats = opts.repeats ?? 1;
  const n = opts.casesPerProbe ?? 4;
  const names = opts.probes ?? [...reg.probes.keys()];
  for (const p of names)
    if (!reg.probes.has(p))
      throw new RangeError(`unknown probe ${p} (known: ${[...reg.probes.keys()].join(', ')})`);
  for (const s of opts.strategies ?? [])
    if (!reg.strategies.has(s))
      throw new RangeError(`unknown strategy ${s} (known: ${[...reg.strategies.keys()].join(', ')})`);

  const tasks: Task[] = [];
  for (const name of names) {
    const probe = reg.probes.get(name)!;
    const cases = probe.cases(seeded(derive(seed, name)), n);
    for (const strategy of probe.strategies) {
      if (opts.strategies && !opts.strategies.includes(strategy)) continue;
      for (const tc of cases) {
        const st = reg.strategies.get(strategy)!;
        if (st.adaptive) {
          // Adaptive attacks need an attacker model and change what is asked, so benign cases skip them.
          if (!opts.attacker || tc.benign) continue;
          for (let repeat = 0; repeat < repeats; repeat++) tasks.push({ probe, strategy, tc, repeat });
          continue;
        }
        const conversation = st.apply(tc, seeded(derive(seed, `${tc.id}/${strategy}`)));
        if (!conversation) continue;
        for (let repeat = 0; repeat < repeats; repeat++)
          tasks.push({ probe, strategy, tc, conversation, repeat });
      }
    }
  }

  const started = Date.now();
  const attempts: Attempt[] = new Array(tasks.length);
  const judge = opts.judge;
  const ask = judge ? (prompt: string) => judge.send([{ role: 'user', content: prompt }]) : undefined;

  /** The probe's grader, or the judge when one is configured and the case's grader is a heuristic. */
  const gradeCase = async (
    tc: TestCase,
    reply: Extract<Reply, { kind: 'ok' }>,
    conversation: Conversation,
  ): Promise<Verdict & { grader: string }> => {
    const viaJudge = ask && tc.objective && tc.grade.grader === 'refusal' && !tc.benign;
    const spec = viaJudge ? { grader: 'judge', options: { objective: tc.objective } } : tc.grade;
    const grader = reg.graders.get(spec.grader);
    if (!grader)
      return { outcome: 'unscored', reason: `no grader named ${spec.grader}`, grader: spec.grader };
    const ctx: GradeContext = { tc: { ...tc, grade: spec }, conversation, judge: ask };
    try {
      return { ...(await grader.grade(reply, ctx)), grader: grader.name };
    } catch (err) {
      return {
        outcome: 'unscored',
        reason: `grader ${grader.name} failed: ${(err as Error).message}`,
        grader: grader.name,
      };
    }
  };

  const totals = attackerTotals();

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      const t = tasks[i]!;
      const base = { probe: t.probe.name, strategy: t.strategy, case: t.tc.id, repeat: t.repeat };
      const st = reg.strategies.get(t.strategy)!;
      if (st.adaptive) {
        attempts[i] = await adaptiveAttempt({
          strategy: st,
          tc: t.tc,
          base,
          attacker: opts.attacker!,
          target: opts.target,
          judge,
          grade: (reply, conversation) => gradeCase(t.tc, reply, conversation),
          gradesObjective: t.tc.grade.grader !== 'refusal' || Boolean(ask && t.tc.objective),
          totals,
        });
        continue;
      }
      const reply = await converse(opts.target, t.conversation!);
      if (reply.kind === 'blocked') {
        attempts[i] = { ...base, outcome: 'blocked', reason: reply.message, code: reply.code };
        continue;
      }
      if (reply.kind === 'error') {
        attempts[i] = { ...base, outcome: 'error', reason: reply.message };
        continue;
      }
      const v = await gradeCase(t.tc, reply, t.conversation!);
      attempts[i] = {
        ...base,
        outcome: v.outcome as Outcome,
        reason: v.reason,
        excerpt: reply.text.slice(0, 300),
        grader: v.grader,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));

  const benign = new Set(tasks.filter((t) => t.tc.benign).map((t) => t.tc.id));
  const cells: Cell[] = [];
  const groups = new Map<string, Attempt[]>();
  for (const a of attempts) {
    const k = `${a.probe}\u0000${a.strategy}`;
    groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  for (const [k, list] of groups) {
    const [probe, strategy] = k.split('\u0000') as [string, string];
    const p = reg.probes.get(probe)!;
    const s = reg.strategies.get(strategy)!;
    const blockedBy: Record<string, number> = {};
    for (const a of list) if (a.code) blockedBy[a.code] = (blockedBy[a.code] ?? 0) + 1;
    cells.push({
      probe,
      strategy,
      owasp: [...p.frameworks.owasp],
      atlas: [...new Set([...p.frameworks.atlas, ...(s.atlas ?? [])])],
      ...tally(
        list.map((a) => a.outcome),
        derive(seed, k),
      ),
      ...falseRefusals(list, benign),
      blockedBy,
    });
  }
  const probes: RunResult['probes'] = {};
  for (const name of names) {
    const list = attempts.filter((a) => a.probe === name);
    probes[name] = {
      ...tally(
        list.map((a) => a.outcome),
        derive(seed, name),
      ),
      ...falseRefusals(list, benign),
    };
  }
  const graders: RunResult['plugins']['graders'] = {};
  for (const g of reg.graders.values()) graders[g.name] = { version: g.version, rubricHash: g.rubricHash };
  return {
    schema: 'parapet.redteam/v1',
    id: randomUUID(),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    target: opts.target.describe,
    model: opts.model,
    seed,
    repeats,
    casesPerProbe: n,
    requests: opts.target.sent(),
    budget: opts.budget ?? 0,
    plugins: {
      probes: Object.fromEntries(names.map((p) => [p, reg.probes.get(p)!.version])),
      strategies: Object.fromEntries([...reg.strategies.values()].map((s) => [s.name, s.version])),
      graders,
    },
    graderAccuracy: opts.graderAccuracy ?? { refusal: { ...REFUSAL_MEASURED } },
    ...(judge ? { judge: judgeRecord(judge, reg.graders.get('judge')?.rubricHash ?? '') } : {}),
    ...(opts.attacker ? { attacker: attackerRecord(opts.attacker, totals) } : {}),
    totals: tally(
      attempts.map((a) => a.outcome),
      seed,
    ),
    probes,
    cells,
    coverage: coverage(cells, [...reg.probes.values()]),
    attempts,
  };
}
