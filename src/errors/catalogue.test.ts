import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { catalogue } from './catalogue.ts';

const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

test('docs/errors.md lists exactly the catalogue codes, with their status', () => {
  const rows = [...page.matchAll(/^\|\s*`([a-z_.]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [
    m[1],
    Number(m[2]),
  ]);
  const documented = new Map(rows as [string, number][]);
  for (const [code, spec] of Object.entries(catalogue)) {
    assert.equal(
      documented.get(code),
      spec.status,
      `docs/errors.md: ${code} missing or with the wrong status`,
    );
  }
  for (const code of documented.keys())
    assert.ok(code in catalogue, `docs/errors.md lists unknown code ${code}`);
});

test('every code is <part>.<reason> and maps to a 4xx or 5xx status', () => {
  for (const [code, spec] of Object.entries(catalogue)) {
    assert.match(code, /^[a-z]+\.[a-z_]+$/);
    assert.ok(spec.status >= 400 && spec.status < 600, code);
  }
});
