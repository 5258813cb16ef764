import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { parseConfig } from './load.ts';
import { configSchema } from './schema.ts';

const base = `
models:
  - name: a
    upstream: { kind: openai, url: "http://127.0.0.1:9/v1" }
  - name: b
    upstream: { kind: json, url: "http://127.0.0.1:9/infer" }
`;

test('an empty file gives the embedded defaults: loopback, SQLite, in-process state, strict audit', () => {
  const r = parseConfig('', '/etc/parapet/parapet.yaml');
  assert.ok(r.ok);
  assert.equal(r.config.listen.host, '127.0.0.1');
  assert.deepEqual(r.config.store, { kind: 'sqlite', path: '/etc/parapet/.parapet/parapet.db' });
  assert.deepEqual(r.config.state, { kind: 'memory' });
  assert.equal(r.config.audit.durability, 'strict');
});

test('a bad upstream URL is reported with file, line, path and what was expected', () => {
  const text = `${base}  - name: c\n    upstream: { kind: openai, url: "ftp://x" }\n`;
  const r = parseConfig(text, 'parapet.yaml');
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.deepEqual(r.errors, ['parapet.yaml:8: models[2].upstream.url: expected an http(s) URL']);
});

test('unknown keys are refused by name rather than silently ignored', () => {
  const r = parseConfig('listen: { prot: 80 }\n', 'p.yaml');
  assert.ok(!r.ok);
  assert.match(r.errors[0]!, /^p\.yaml:1: listen: unknown key prot$/);
});

test('secrets come from the environment; a missing variable names the path', () => {
  const text = `models:\n  - name: a\n    upstream: { kind: openai, url: "http://h/v1", apiKey: "\${UP_KEY}" }\n`;
  const good = parseConfig(text, 'p.yaml', { UP_KEY: 'sk-123' });
  assert.ok(good.ok);
  assert.equal(good.config.models[0]!.upstream.apiKey, 'sk-123');
  const bad = parseConfig(text, 'p.yaml', {});
  assert.ok(!bad.ok);
  assert.deepEqual(bad.errors, [
    'p.yaml:3: models[0].upstream.apiKey: environment variable UP_KEY is not set',
  ]);
  const fallback = parseConfig(text.replace('}" }', ':-none}" }'), 'p.yaml', {});
  assert.ok(fallback.ok && fallback.config.models[0]!.upstream.apiKey === 'none');
});

test('durations and sizes are accepted in human units', () => {
  const r = parseConfig('listen: { bodyLimit: 2mb, headersTimeout: 5s }\n', 'p.yaml');
  assert.ok(r.ok);
  assert.equal(r.config.listen.bodyLimit, 2 * 1024 * 1024);
  assert.equal(r.config.listen.headersTimeout, 5000);
});

test('JWT config refuses HMAC and none algorithms', () => {
  const text = `identity:\n  jwt: { issuer: i, audience: a, jwksFile: k.json, algorithms: [HS256] }\n`;
  const r = parseConfig(text, 'p.yaml');
  assert.ok(!r.ok);
  assert.match(r.errors[0]!, /identity\.jwt\.algorithms\[0\]/);
});

test('duplicate model names are an error at the second one', () => {
  const r = parseConfig(`${base}  - name: a\n    upstream: { kind: json, url: "http://h/x" }\n`, 'p.yaml');
  assert.ok(!r.ok);
  assert.match(r.errors[0]!, /models\[2\]\.name: duplicate model a/);
});

test('YAML syntax errors name the line', () => {
  const r = parseConfig('models:\n  - name: [unclosed\n', 'p.yaml');
  assert.ok(!r.ok);
  assert.match(r.errors[0]!, /^p\.yaml:\d+:\d+: /);
});

test('the schema exports as JSON Schema for editors', () => {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, unknown>;
  };
  assert.ok(schema.properties.models && schema.properties.listen && schema.properties.identity);
});
