import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { buildIds, SHARED_DIR } from './generate.ts';
import { checkFrameworks, frameworkIds, tacticsOf } from './index.ts';

test('the shipped id list matches the shared framework data when it is present', (t) => {
  if (!existsSync(SHARED_DIR)) return t.skip(`no shared data at ${SHARED_DIR}`);
  assert.deepEqual(frameworkIds(), buildIds(SHARED_DIR));
});

test('flags an unknown OWASP id and an unknown ATLAS technique, accepts known ones', () => {
  assert.deepEqual(checkFrameworks('p', ['LLM01:2025'], ['AML.T0051.001']), []);
  const errs = checkFrameworks('p', ['LLM11:2025', 'LLM01'], ['AML.T9999']);
  assert.equal(errs.length, 3);
  assert.match(errs[2]!, /AML\.T9999/);
});

test('a sub-technique inherits its parent technique’s tactics', () => {
  assert.deepEqual(
    tacticsOf('AML.T0051.000').map((t) => t.name),
    ['Execution'],
  );
});
