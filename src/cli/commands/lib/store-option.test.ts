import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError } from '../../fail.ts';
import { resolveStoreOption } from './store-option.ts';

test('the --store flag wins over PARAPET_STORE, which wins over the default', () => {
  const env = { PARAPET_STORE: 'postgres://db/parapet' };
  assert.deepEqual(resolveStoreOption('sqlite:/var/lib/p.db', env), {
    kind: 'sqlite',
    path: '/var/lib/p.db',
  });
  assert.deepEqual(resolveStoreOption(undefined, env), { kind: 'postgres', url: 'postgres://db/parapet' });
  assert.deepEqual(resolveStoreOption(undefined, {}), { kind: 'sqlite', path: '.parapet/parapet.db' });
  assert.deepEqual(resolveStoreOption('postgresql://h/d', {}), { kind: 'postgres', url: 'postgresql://h/d' });
});

test('rejects a store spec that is neither sqlite:PATH nor a postgres URL', () => {
  assert.throws(() => resolveStoreOption('mysql://x', {}), CliError);
  assert.throws(() => resolveStoreOption('sqlite:', {}), /needs a file path/);
});
