import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Ajv } from 'ajv';
import { startDemoTarget } from '../../../demo/target.ts';
import { loadRegistry } from '../registry.ts';
import { type RunResult, runResultSchema } from '../result.ts';
import { runRedteam } from '../run.ts';
import { createTarget } from '../target/index.ts';
import { toHtml } from './html.ts';
import { toJunit } from './junit.ts';
import { toSarif } from './sarif.ts';

const FIXTURES = new URL('../fixtures/', import.meta.url);
let result: RunResult;
const dir = mkdtempSync(join(tmpdir(), 'parapet-redteam-'));
after(() => rmSync(dir, { recursive: true, force: true }));

before(async () => {
  const t = await startDemoTarget({ weaknesses: ['system-prompt-leak', 'markdown-images', 'jailbreak'] });
  try {
    const target = createTarget(
      {
        kind: 'openai',
        url: `${t.url}/v1`,
        model: 'demo <&"> target',
        headers: {},
        maxTokens: 256,
        temperature: 0,
      },
      // a budget too small for the run, so some attempts are errors
      { timeoutMs: 10_000, retries: 0, budget: 150 },
    );
    result = await runRedteam({ target, seed: 3, budget: 150 });
  } finally {
    await t.close();
  }
});

test('the run spent exactly its budget and counts the rest as errors, not as resisted', () => {
  assert.equal(result.requests, 150);
  assert.ok(result.totals.errors > 0);
  assert.equal(
    result.totals.attempts,
    result.totals.successes +
      result.totals.resisted +
      result.totals.blocked +
      result.totals.errors +
      result.totals.unscored,
  );
});

test('JUnit output is accepted by the JUnit XML schema', (t) => {
  const file = join(dir, 'junit.xml');
  const xml = toJunit(result);
  writeFileSync(file, xml);
  assert.match(xml, /<failure type="attack-succeeded"/);
  assert.match(xml, /<error type="target-error"/);
  let xmllint = true;
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
  } catch {
    xmllint = false;
  }
  if (!xmllint) return t.skip('xmllint (libxml2-utils) is not installed');
  execFileSync('xmllint', ['--noout', '--schema', new URL('junit.xsd', FIXTURES).pathname, file], {
    stdio: 'pipe',
  });
});

test('the JUnit schema check can fail: a testcase without a name is rejected', (t) => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
  } catch {
    return t.skip('xmllint (libxml2-utils) is not installed');
  }
  const file = join(dir, 'bad.xml');
  writeFileSync(file, toJunit(result).replace(/<testcase name="[^"]*"/, '<testcase'));
  assert.throws(() =>
    execFileSync('xmllint', ['--noout', '--schema', new URL('junit.xsd', FIXTURES).pathname, file], {
      stdio: 'pipe',
    }),
  );
});

function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'http://x/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(JSON.parse(readFileSync(new URL('sarif-2.1.0-minimal.schema.json', FIXTURES), 'utf8')));
}

test('SARIF output validates against the SARIF 2.1.0 schema and carries a result per successful cell', async () => {
  const reg = await loadRegistry();
  const sarif = toSarif(result, reg.probes);
  const validate = sarifValidator();
  assert.ok(validate(sarif), JSON.stringify(validate.errors));
  const runs = sarif.runs as { results: { ruleId: string; level: string }[] }[];
  assert.equal(runs[0]!.results.length, result.cells.filter((c) => c.successes > 0).length);
  assert.ok(runs[0]!.results.some((r) => r.ruleId === 'insecure-output' && r.level === 'error'));
});

test('the SARIF check can fail: a wrong version or a result without a message is rejected', async () => {
  const reg = await loadRegistry();
  const validate = sarifValidator();
  assert.equal(validate({ ...toSarif(result, reg.probes), version: '2.0.0' }), false);
  const s = toSarif(result, reg.probes) as { runs: { results: Record<string, unknown>[] }[] };
  delete s.runs[0]!.results[0]!.message;
  assert.equal(validate(s), false);
});

test('the HTML report is self-contained: inline SVG charts, no scripts, no external resources, text escaped', () => {
  const html = toHtml(result);
  assert.match(html, /<svg /);
  assert.doesNotMatch(html, /<script|<link|src="http|href="http|@import|url\(/i);
  assert.doesNotMatch(html, /demo <&"> target/);
  assert.match(html, /demo &lt;&amp;&quot;&gt; target/);
  assert.match(html, /LLM07:2025/);
  assert.match(html, /not tested/);
});

test('the JSON result reads back through its schema unchanged', () => {
  const json = JSON.stringify(result);
  assert.equal(JSON.stringify(runResultSchema.parse(JSON.parse(json))), json);
});

test('coverage lists OWASP items nothing tests and every tactic the probes map to', () => {
  const untested = result.coverage.owasp.filter((o) => o.probes.length === 0).map((o) => o.id);
  assert.deepEqual(untested, ['LLM03:2025', 'LLM04:2025', 'LLM08:2025']);
  const tactics = result.coverage.atlasTactics.map((t) => t.title);
  for (const t of ['Execution', 'Exfiltration', 'Impact', 'Privilege Escalation', 'Defense Evasion'])
    assert.ok(tactics.includes(t), t);
});
