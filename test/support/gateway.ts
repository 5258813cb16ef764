// Test support: a real gateway in this process, on a free loopback port, with its own SQLite file and
// the demo upstream behind it. Keys are created through the real key store.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdmin } from '../../src/admin/index.ts';
import { parseConfig } from '../../src/config/index.ts';
import { type DemoOptions, type DemoUpstream, startDemoUpstream } from '../../src/demo/upstream.ts';
import { type RunningGateway, startGateway } from '../../src/gateway/index.ts';
import { createKey } from '../../src/identity/keys/index.ts';

export interface TestGateway {
  readonly url: string;
  readonly gateway: RunningGateway;
  readonly upstream: DemoUpstream;
  readonly dir: string;
  key(opts?: { roles?: string[]; models?: string[]; ttlSeconds?: number; name?: string }): Promise<string>;
  close(): Promise<void>;
}

/** Starts a gateway whose YAML is `yaml(upstreamUrl)`; models default to demo-chat and iris. */
export async function testGateway(
  yaml: (upstream: string) => string = () => '',
  demo: DemoOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<TestGateway> {
  const upstream = await startDemoUpstream(demo);
  const dir = mkdtempSync(join(tmpdir(), 'parapet-test-'));
  const extra = yaml(upstream.url);
  const text = `${/^listen:/m.test(extra) ? '' : 'listen: { port: 0 }'}
log: { level: silent }
store: { kind: sqlite, path: ${join(dir, 'parapet.db')} }
audit: { keyFile: ${join(dir, 'audit.pem')} }
${extra}
${
  /^models:/m.test(extra)
    ? ''
    : `models:
  - { name: demo-chat, upstream: { kind: openai, url: "${upstream.url}/v1" } }
  - { name: iris, upstream: { kind: json, url: "${upstream.url}/infer" } }
  - { name: iris-v2, upstream: { kind: kserve, url: "${upstream.url}", model: iris } }`
}
`;
  let gateway: RunningGateway;
  try {
    const cfg = parseConfig(text, join(dir, 'parapet.yaml'), env);
    if (!cfg.ok) throw new Error(cfg.errors.join('\n'));
    gateway = await startGateway(cfg.config, { admin: createAdmin });
  } catch (err) {
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: gateway.url,
    gateway,
    upstream,
    dir,
    async key(o = {}) {
      const made = await createKey(gateway.store, {
        name: o.name ?? 'test',
        roles: o.roles ?? ['app'],
        models: o.models ?? ['*'],
        ttlSeconds: o.ttlSeconds,
      });
      return made.key;
    },
    async close() {
      await gateway.close();
      await upstream.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function chat(content: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content }], ...extra });
}

export async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const r = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  const text = await r.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON the gateway answered
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: r.status, headers: r.headers, text, json };
}
