// How long a full default red-team run takes against the demo target (weaknesses off, all on, and all
// on behind a Parapet gateway with the default guards), and what the guards block.
// Then the adaptive strategies (PAIR, Crescendo) with a scripted attacker model over loopback HTTP.
// Run: node bench/redteam/run.ts

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crescendoAttacker, pairAttacker } from '../../src/assurance/redteam/fixtures/attackers.ts';
import { runRedteam } from '../../src/assurance/redteam/run.ts';
import { createTarget } from '../../src/assurance/redteam/target/index.ts';
import { parseConfig } from '../../src/config/index.ts';
import { startDemoTarget, WEAKNESSES } from '../../src/demo/target.ts';
import { startDemoUpstream } from '../../src/demo/upstream.ts';
import { startGateway } from '../../src/gateway/index.ts';
import { discoverGuards } from '../../src/guards/index.ts';
import { createKey } from '../../src/identity/keys/index.ts';

const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

async function measure(label: string, url: string, env: NodeJS.ProcessEnv = {}) {
  const target = createTarget(
    {
      kind: 'openai',
      url,
      model: 'demo-target',
      apiKeyEnv: 'KEY',
      headers: {},
      maxTokens: 1024,
      temperature: 0,
    },
    { timeoutMs: 30_000, retries: 2, budget: 2000 },
    env,
  );
  const t0 = performance.now();
  const r = await runRedteam({ target, concurrency: 4, seed: 1 });
  const ms = performance.now() - t0;
  const t = r.totals;
  console.log(
    `${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${String(r.requests).padStart(4)} requests  ` +
      `attempts ${t.attempts}  successes ${t.successes}  blocked ${t.blocked}  errors ${t.errors}  unscored ${t.unscored}  ASR ${pct(t.asr)}`,
  );
  return r;
}

console.log(
  `machine: ${cpus()[0]?.model} × ${cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`,
);
console.log(
  'full default run: every shipped probe × its default strategies, 4 cases per probe, concurrency 4\n',
);

const off = await startDemoTarget();
await measure('demo target, all weaknesses off', `${off.url}/v1`);
await off.close();

const weak = await startDemoTarget({ weaknesses: [...WEAKNESSES] });
const direct = await measure('demo target, all weaknesses on', `${weak.url}/v1`);

const dir = mkdtempSync(join(tmpdir(), 'parapet-bench-rt-'));
const guards = ['validation', 'unicode', 'injection', 'secrets', 'pii', 'canary', 'exfiltration'].filter(
  (g) => discoverGuards().has(g),
);
const cfg = parseConfig(
  `listen: { port: 0 }
log: { level: silent }
store: { kind: sqlite, path: ${join(dir, 'p.db')} }
audit: { keyFile: ${join(dir, 'audit.pem')} }
models:
  - { name: demo-target, upstream: { kind: openai, url: "${weak.url}/v1" } }
guards:
${guards.map((g) => `  ${g}: ${g === 'pii' ? '{ action: mask }' : '{}'}`).join('\n')}
limits: { identity: { requests: { limit: 100000, window: 1m }, concurrency: 64 } }
`,
  join(dir, 'parapet.yaml'),
  {},
);
if (!cfg.ok) throw new Error(cfg.errors.join('\n'));
const gw = await startGateway(cfg.config);
const key = (await createKey(gw.store, { name: 'bench', roles: ['app'], models: ['*'] })).key;
const guarded = await measure(`same, through gateway (${guards.length} guards)`, `${gw.url}/v1`, {
  KEY: key,
});
await gw.close();
await weak.close();
rmSync(dir, { recursive: true, force: true });

console.log(`\nguards: ${guards.join(', ')}\n`);
console.log('probe                        direct ASR   guarded ASR  blocked  blocked by');
for (const [p, d] of Object.entries(direct.probes)) {
  const g = guarded.probes[p]!;
  const by: Record<string, number> = {};
  for (const c of guarded.cells.filter((c) => c.probe === p))
    for (const [k, v] of Object.entries(c.blockedBy)) by[k] = (by[k] ?? 0) + v;
  console.log(
    `${p.padEnd(28)} ${`${d.successes}/${d.attempts}`.padStart(7)} ${pct(d.asr).padStart(6)}  ${`${g.successes}/${g.attempts}`.padStart(6)} ${pct(g.asr).padStart(6)}  ${String(g.blocked).padStart(6)}   ${Object.entries(
      by,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}

const falseRefusals = guarded.probes['over-refusal']?.falseRefusals;
if (falseRefusals)
  console.log(
    `\nover-refusal through the gateway: ${falseRefusals.model} refused by the model, ${falseRefusals.guard} blocked by a guard (false-refusal rate ${pct(falseRefusals.rate)})`,
  );

// Adaptive attacks: jailbreak cases with a scripted attacker (fixtures/attackers.ts), 4 cases.
console.log(
  '\nadaptive (jailbreak, 4 cases, scripted attacker over loopback HTTP, iterations 5, turns 6, backtracks 3)',
);
for (const [strategy, weakness, script] of [
  ['pair', 'audit-pretext', pairAttacker],
  ['crescendo', 'gradual-escalation', crescendoAttacker],
] as const) {
  for (const on of [true, false]) {
    const t = await startDemoTarget({ weaknesses: on ? [weakness] : [] });
    const a = await startDemoUpstream({ replyWith: script });
    const limits = { timeoutMs: 30_000, retries: 0, budget: 2000 };
    const endpoint = (url: string, model: string) =>
      ({ kind: 'openai', url, model, headers: {}, maxTokens: 512, temperature: 0 }) as const;
    const t0 = performance.now();
    const r = await runRedteam({
      target: createTarget(endpoint(`${t.url}/v1`, 'demo-target'), limits),
      attacker: {
        target: createTarget(endpoint(`${a.url}/v1`, 'attacker'), limits),
        limits: { iterations: 5, streams: 1, turns: 6, backtracks: 3 },
      },
      probes: ['jailbreak'],
      strategies: [strategy],
      concurrency: 4,
    });
    const ms = performance.now() - t0;
    console.log(
      `${strategy.padEnd(10)} ${(on ? `${weakness} on` : 'weakness off').padEnd(24)} ${(ms / 1000).toFixed(2).padStart(5)} s  ` +
        `successes ${r.totals.successes}/${r.totals.attempts}  target requests ${r.requests}  attacker requests ${r.attacker!.requests}  ` +
        `backtracks ${r.attempts.reduce((n, x) => n + (x.adaptive?.backtracks ?? 0), 0)}`,
    );
    await a.close();
    await t.close();
  }
}
