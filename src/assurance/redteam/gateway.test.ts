// The same run straight at the weak demo target and through a Parapet gateway with the default guards
// on: the difference is what the guards block, measured by one command.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseConfig } from '../../config/index.ts';
import { type DemoTarget, startDemoTarget, WEAKNESSES } from '../../demo/target.ts';
import { type RunningGateway, startGateway } from '../../gateway/index.ts';
import { discoverGuards } from '../../guards/index.ts';
import { createKey } from '../../identity/keys/index.ts';
import type { RunResult } from './result.ts';
import { runRedteam } from './run.ts';
import { createTarget } from './target/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'parapet-rt-gw-'));
let upstream: DemoTarget | undefined;
let gateway: RunningGateway | undefined;
after(async () => {
  await gateway?.close();
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (url: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> =>
  runRedteam({
    target: createTarget(
      {
        kind: 'openai',
        url,
        model: 'demo-target',
        apiKeyEnv: 'KEY',
        headers: {},
        maxTokens: 1024,
        temperature: 0,
      },
      { timeoutMs: 20_000, retries: 1, budget: 5000 },
      env,
    ),
    concurrency: 4,
    seed: 5,
  });

test('through a gateway with the default guards, attacks that succeed directly are counted as blocked', async () => {
  upstream = await startDemoTarget({ weaknesses: [...WEAKNESSES] });
  const guards = ['validation', 'unicode', 'injection', 'secrets', 'pii', 'canary', 'exfiltration'].filter(
    (g) => discoverGuards().has(g),
  );
  const yaml = `listen: { port: 0 }
log: { level: silent }
store: { kind: sqlite, path: ${join(dir, 'p.db')} }
audit: { keyFile: ${join(dir, 'audit.pem')} }
models:
  - { name: demo-target, upstream: { kind: openai, url: "${upstream.url}/v1" } }
guards:
${guards.map((g) => `  ${g}: ${g === 'pii' ? '{ action: mask }' : '{}'}`).join('\n')}
limits:
  identity:
    requests: { limit: 100000, window: 1m }
    concurrency: 64
`;
  const cfg = parseConfig(yaml, join(dir, 'parapet.yaml'), {});
  if (!cfg.ok) throw new Error(cfg.errors.join('\n'));
  gateway = await startGateway(cfg.config);
  const key = (await createKey(gateway.store, { name: 'redteam', roles: ['app'], models: ['*'] })).key;

  const direct = await run(`${upstream.url}/v1`);
  const guarded = await run(`${gateway.url}/v1`, { KEY: key });

  assert.ok(direct.totals.successes > 0);
  assert.equal(direct.totals.blocked, 0);
  assert.equal(guarded.totals.errors, 0, JSON.stringify(guarded.attempts.find((a) => a.outcome === 'error')));
  assert.ok(guarded.totals.blocked > 0);
  assert.ok(guarded.totals.successes < direct.totals.successes);
  // the canary guard stops leaked system prompts, the injection guard the payloads themselves
  assert.ok(guarded.probes['system-prompt-extraction']!.blocked > 0);
  assert.equal(guarded.probes['insecure-output']!.successes, 0);
  const codes = [...new Set(guarded.cells.flatMap((c) => Object.keys(c.blockedBy)))];
  assert.ok(codes.length > 0 && codes.every((c) => c.startsWith('guard.')), codes.join());
});
