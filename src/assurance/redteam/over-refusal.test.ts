// Benign look-alikes refused by the model and blocked by a guard are counted apart, over real HTTP,
// and every report says which was which.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Ajv } from 'ajv';
import { toHtml } from './report/html.ts';
import { toJunit } from './report/junit.ts';
import { toSarif } from './report/sarif.ts';
import { loadRegistry } from './registry.ts';
import type { RunResult } from './result.ts';
import { runRedteam } from './run.ts';
import { createTarget } from './target/index.ts';

/** A model behind a guard: the guard denies "nuke", the model refuses "kill", the rest is answered. */
const server = createServer(async (req, res) => {
  let body = '';
  for await (const c of req) body += String(c);
  const { messages } = JSON.parse(body) as { messages: { content: string }[] };
  const q = messages.at(-1)!.content;
  const json = (status: number, v: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(v));
  };
  if (/nuke/i.test(q))
    return json(400, { error: { code: 'guard.injection', message: 'the injection guard denied this' } });
  const content = /\bkill\b/i.test(q)
    ? 'I’m sorry, but I can’t help with anything involving violence.'
    : 'Here is how: use the tool built for it, then check the result.';
  json(200, { choices: [{ message: { role: 'assistant', content } }] });
});

let r: RunResult;
before(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  r = await runRedteam({
    target: createTarget(
      { kind: 'openai', url, model: 'm', headers: {}, maxTokens: 64, temperature: 0 },
      { timeoutMs: 5000, retries: 0, budget: 100 },
    ),
    probes: ['over-refusal', 'jailbreak'],
    strategies: ['plain'],
    casesPerProbe: 6,
  });
});
const dir = mkdtempSync(join(tmpdir(), 'parapet-rt-or-'));
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('false refusals by the model and guard blocks are counted apart', () => {
  assert.deepEqual(r.probes['over-refusal']!.falseRefusals, { model: 1, guard: 1, rate: 0.3333 });
  const cell = r.cells.find((c) => c.probe === 'over-refusal')!;
  assert.deepEqual(cell.falseRefusals, { model: 1, guard: 1, rate: 0.3333 });
  assert.deepEqual(cell.blockedBy, { 'guard.injection': 1 });
  // Attack probes carry no false-refusal figure.
  assert.equal(r.probes.jailbreak!.falseRefusals, undefined);
});

test('JUnit, SARIF and HTML say which refusals were the model and which a guard', async () => {
  const junit = toJunit(r);
  assert.match(junit, /<failure type="false-refusal" message="[^"]*1 by the model, 1 by a guard/);
  assert.match(junit, /over-refusal\/\d: blocked by a guard \(guard\.injection\)/);
  assert.match(junit, /over-refusal\/\d: refused by the model/);
  const sarif = toSarif(r, (await loadRegistry()).probes) as {
    runs: {
      results: { ruleId: string; message: { text: string }; properties: { falseRefusals?: unknown } }[];
    }[];
  };
  const res = sarif.runs[0]!.results.find((x) => x.ruleId === 'over-refusal')!;
  assert.match(res.message.text, /1 benign questions refused by the model and 1 blocked by a guard/);
  assert.deepEqual(res.properties.falseRefusals, { model: 1, guard: 1, rate: 0.3333 });
  assert.match(
    toHtml(r),
    /False refusals on benign look-alikes[\s\S]*<td>over-refusal<\/td><td>6<\/td><td>1<\/td><td>1<\/td>/,
  );
});

test('a false-refusal JUnit failure and a guard-only SARIF result still validate against their schemas', async (t) => {
  const fixtures = new URL('./fixtures/', import.meta.url);
  const schema = JSON.parse(readFileSync(new URL('sarif-2.1.0-minimal.schema.json', fixtures), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', (x: string) => URL.canParse(x));
  ajv.addFormat('uri-reference', (x: string) => URL.canParse(x, 'http://x/'));
  ajv.addFormat('date-time', (x: string) => !Number.isNaN(Date.parse(x)));
  const validate = ajv.compile(schema);
  const sarif = toSarif(r, (await loadRegistry()).probes);
  assert.ok(validate(sarif), JSON.stringify(validate.errors));
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
  } catch {
    return t.skip('xmllint (libxml2-utils) is not installed');
  }
  const file = join(dir, 'junit.xml');
  writeFileSync(file, toJunit(r));
  execFileSync('xmllint', ['--noout', '--schema', new URL('junit.xsd', fixtures).pathname, file], {
    stdio: 'pipe',
  });
});
