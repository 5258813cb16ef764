// How long a full default red-team run takes against the demo target (weaknesses off, all on, and all
// on behind a Parapet gateway with the default guards), and what the guards block.
// Run: node bench/redteam/run.ts

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRedteam } from '../../src/assurance/redteam/run.ts';
import { createTarget } from '../../src/assurance/redteam/target/index.ts';
import { parseConfig } from '../../src/config/index.ts';
import { startDemoTarget, WEAKNESSES } from '../../src/demo/target.ts';
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
