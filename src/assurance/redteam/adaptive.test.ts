// Adaptive attacks over real HTTP on loopback: a scripted attacker model whose next move depends on the
// feedback it is sent, a scripted judge, and the demo target with weaknesses only escalation reaches.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { startDemoTarget, type Weakness } from '../../demo/target.ts';
import { startDemoUpstream } from '../../demo/upstream.ts';
import { crescendoAttacker, pairAttacker, text } from './fixtures/attackers.ts';
import { toHtml } from './report/html.ts';
import { runRedteam } from './run.ts';
import { PAIR_SYSTEM } from './strategies/pair.ts';
import { createTarget } from './target/index.ts';
import type { AdaptiveLimits } from './types.ts';

type Msgs = Parameters<typeof pairAttacker>[0];
const closers: (() => Promise<void>)[] = [];
after(async () => Promise.all(closers.map((c) => c())));

async function model(replyWith: (m: Msgs) => string) {
  const seen: Msgs[] = [];
  const u = await startDemoUpstream({
    replyWith: (m) => {
      seen.push(m);
      return replyWith(m);
    },
  });
  closers.push(u.close);
  return { url: `${u.url}/v1`, seen };
}

const LIMITS: AdaptiveLimits = { iterations: 4, streams: 2, turns: 5, backtracks: 2 };
const endpoint = (url: string, model: string) =>
  ({ kind: 'openai', url, model, headers: {}, maxTokens: 512, temperature: 0 }) as const;

async function attack(opts: {
  weaknesses: Weakness[];
  strategy: 'pair' | 'crescendo';
  attackerUrl: string;
  judgeUrl?: string;
  attackerBudget?: number;
}) {
  const t = await startDemoTarget({ weaknesses: opts.weaknesses });
  closers.push(t.close);
  const limits = { timeoutMs: 5000, retries: 0, budget: 1000 };
  return runRedteam({
    target: createTarget(endpoint(`${t.url}/v1`, 'demo-target'), limits),
    attacker: {
      target: createTarget(endpoint(opts.attackerUrl, 'attacker'), {
        ...limits,
        budget: opts.attackerBudget ?? 1000,
      }),
      limits: LIMITS,
    },
    judge: opts.judgeUrl ? createTarget(endpoint(opts.judgeUrl, 'judge'), limits) : undefined,
    probes: ['jailbreak'],
    strategies: [opts.strategy],
    casesPerProbe: 1,
    concurrency: 1,
  });
}

test('PAIR refines its prompt from the score and the answer until the audit pretext lands', async () => {
  const a = await model(pairAttacker);
  const r = await attack({ weaknesses: ['audit-pretext'], strategy: 'pair', attackerUrl: a.url });
  const [x] = r.attempts;
  assert.equal(x!.outcome, 'success');
  assert.equal(x!.adaptive!.iterations, 2, 'one refused try, one refined one');
  assert.equal(x!.adaptive!.targetRequests, 2);
  assert.match(x!.adaptive!.prompt!, /authorized red-team audit/);
  // The second attacker call carried the target's refusal and its score.
  assert.match(text(a.seen[1]!.at(-1)), /^RESPONSE: I’m sorry[\s\S]*SCORE: 1$/);
  assert.equal(text(a.seen[0]![0]).split('\n')[0], PAIR_SYSTEM.split('\n')[0]);
  assert.equal(r.attacker!.requests, 2);
  assert.match(r.attacker!.prompts.pair!, /^[0-9a-f]{64}$/);
});

test('PAIR without the weakness spends every iteration of every stream and reports resisted', async () => {
  const a = await model(pairAttacker);
  const r = await attack({ weaknesses: [], strategy: 'pair', attackerUrl: a.url });
  const [x] = r.attempts;
  assert.equal(x!.outcome, 'resisted');
  assert.equal(x!.adaptive!.iterations, LIMITS.iterations * LIMITS.streams);
  assert.equal(a.seen.length, LIMITS.iterations * LIMITS.streams);
  assert.equal(r.requests, LIMITS.iterations * LIMITS.streams);
});

test('PAIR sends the judge score to the attacker and records the judge rubric', async () => {
  const judged: string[] = [];
  // Answers both pinned rubrics: 1–10 for the attacker's feedback, YES/NO for the verdict.
  const j = await model((m) => {
    const prompt = text(m.at(-1));
    judged.push(prompt);
    const refused = /ANSWER\n[^\n]*sorry/i.test(prompt);
    if (/Rating: \[\[N\]\]/.test(prompt)) return refused ? 'Rating: [[2]]' : 'Rating: [[7]]';
    return refused ? 'NO' : 'YES';
  });
  const a = await model(pairAttacker);
  const r = await attack({
    weaknesses: ['audit-pretext'],
    strategy: 'pair',
    attackerUrl: a.url,
    judgeUrl: j.url,
  });
  assert.equal(r.attempts[0]!.outcome, 'success');
  assert.match(text(a.seen[1]!.at(-1)), /SCORE: 2$/);
  assert.equal(r.attempts[0]!.adaptive!.judgeRequests, 1, 'the success is the verdict’s, not scored again');
  assert.deepEqual(
    judged.map((p) => (/Rate from 1 to 10/.test(p) ? 'score' : 'verdict')),
    ['verdict', 'score', 'verdict'],
  );
  assert.match(r.judge!.scoreRubricHash, /^[0-9a-f]{64}$/);
  // The HTML report names the attacker and judge with their pinned prompt and rubric hashes.
  const html = toHtml(r);
  assert.match(
    html,
    /Attacker: attacker · prompts pair [0-9a-f]{12}, crescendo [0-9a-f]{12} · 2 requests, 0 refusals, 0 errors/,
  );
  assert.ok(html.includes(`score rubric ${r.judge!.scoreRubricHash.slice(0, 12)}`));
});

test('Crescendo backtracks the refused opening, escalates over the kept turns and lands', async () => {
  const a = await model(crescendoAttacker);
  const r = await attack({ weaknesses: ['gradual-escalation'], strategy: 'crescendo', attackerUrl: a.url });
  const [x] = r.attempts;
  assert.equal(x!.outcome, 'success');
  assert.equal(x!.adaptive!.backtracks, 1);
  assert.equal(x!.adaptive!.targetRequests, 4, 'one refused turn and three kept ones');
  assert.match(x!.adaptive!.prompt!, /as you explained earlier/i);
});

test('Crescendo against a target without the weakness stops at its turn and backtrack limits', async () => {
  const a = await model(crescendoAttacker);
  const r = await attack({ weaknesses: [], strategy: 'crescendo', attackerUrl: a.url });
  const [x] = r.attempts;
  assert.equal(x!.outcome, 'resisted');
  assert.ok(x!.adaptive!.iterations <= LIMITS.turns + LIMITS.backtracks);
  assert.equal(x!.adaptive!.backtracks, LIMITS.backtracks);
});

test('an attacker that refuses is counted as such and the attempt is an error, not safe', async () => {
  const a = await model(() => 'I’m sorry, but I can’t help with creating attacks on AI systems.');
  const r = await attack({ weaknesses: ['audit-pretext'], strategy: 'pair', attackerUrl: a.url });
  const [x] = r.attempts;
  assert.equal(x!.outcome, 'error');
  assert.match(x!.reason, /attacker model refused/);
  assert.equal(x!.adaptive!.attackerRefusals, LIMITS.iterations * LIMITS.streams);
  assert.equal(x!.adaptive!.targetRequests, 0);
  assert.equal(r.attacker!.refusals, LIMITS.iterations * LIMITS.streams);
  assert.equal(r.totals.errors, 1);
});

test('attacker failures and its spent budget are counted as attacker errors', async () => {
  const a = await model(pairAttacker);
  const r = await attack({
    weaknesses: [],
    strategy: 'pair',
    attackerUrl: a.url,
    attackerBudget: 3,
  });
  const [x] = r.attempts;
  assert.equal(a.seen.length, 3, 'the attacker budget bounds its requests');
  assert.equal(r.attacker!.requests, 3);
  assert.equal(x!.adaptive!.attackerErrors, 2, 'one per stream after the budget ran out');
  assert.equal(x!.outcome, 'resisted');
});

test('adaptive strategies are skipped when no attacker model is configured', async () => {
  const t = await startDemoTarget({ weaknesses: ['audit-pretext'] });
  closers.push(t.close);
  const r = await runRedteam({
    target: createTarget(endpoint(`${t.url}/v1`, 'demo-target'), {
      timeoutMs: 5000,
      retries: 0,
      budget: 100,
    }),
    probes: ['jailbreak'],
    strategies: ['pair', 'plain'],
    casesPerProbe: 1,
  });
  assert.deepEqual(
    r.attempts.map((x) => x.strategy),
    ['plain'],
  );
  assert.equal(r.attacker, undefined);
});

test('Crescendo behind a guard that blocks every turn backtracks, then stops with the attempt blocked', async () => {
  const a = await model(crescendoAttacker);
  const guard = createServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'guard.injection', message: 'denied by the injection guard' } }));
  });
  await new Promise<void>((ok) => guard.listen(0, '127.0.0.1', ok));
  closers.push(() => new Promise((ok) => guard.close(() => ok())));
  const url = `http://127.0.0.1:${(guard.address() as AddressInfo).port}/v1`;
  const limits = { timeoutMs: 5000, retries: 0, budget: 100 };
  const r = await runRedteam({
    target: createTarget(endpoint(url, 'guarded'), limits),
    attacker: { target: createTarget(endpoint(a.url, 'attacker'), limits), limits: LIMITS },
    probes: ['jailbreak'],
    strategies: ['crescendo'],
    casesPerProbe: 1,
  });
  const [x] = r.attempts;
  assert.equal(x!.outcome, 'blocked');
  assert.equal(x!.code, 'guard.injection');
  assert.equal(x!.adaptive!.backtracks, LIMITS.backtracks);
  assert.equal(x!.adaptive!.targetRequests, LIMITS.backtracks + 1);
  assert.deepEqual(r.cells[0]!.blockedBy, { 'guard.injection': 1 });
});

test('the attacker is sent its pinned prompt, the opening and only the latest exchanges', async () => {
  const a = await model(pairAttacker);
  const t = await startDemoTarget({ weaknesses: [] });
  closers.push(t.close);
  const limits = { timeoutMs: 5000, retries: 0, budget: 1000 };
  await runRedteam({
    target: createTarget(endpoint(`${t.url}/v1`, 'demo-target'), limits),
    attacker: {
      target: createTarget(endpoint(a.url, 'attacker'), limits),
      limits: { ...LIMITS, iterations: 20, streams: 1 },
    },
    probes: ['jailbreak'],
    strategies: ['pair'],
    casesPerProbe: 1,
  });
  assert.equal(a.seen.length, 20);
  assert.deepEqual(
    a.seen.map((m) => m.length),
    Array.from({ length: 20 }, (_, i) => Math.min(2 + 2 * i, 18)),
  );
  const last = a.seen.at(-1)!;
  assert.match(text(last[0]), /^You are a red-teaming assistant/);
  assert.match(text(last[1]), /^OBJECTIVE: .*\nWrite your first prompt\.$/);
});
