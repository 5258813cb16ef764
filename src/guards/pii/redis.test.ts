// The guard with its vault on a real Redis: pseudonymise on one guard set, restore through the vault,
// and a Redis that cannot be reached stops config load.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import { scope } from '../lib/testing.ts';
import { createGuardSet } from '../set.ts';
import { restore } from './index.ts';
import { type PseudonymState, SCOPE_KEY } from './pseudonym.ts';

const URL = 'redis://127.0.0.1:6379';
const prefix = `parapet-test-pii-guard-${randomBytes(6).toString('hex')}:`;

test('pseudonymises into a Redis vault and restores the answer from it', async () => {
  const r = await createGuardSet({ pii: { action: 'mask', vault: { backend: 'redis', url: URL, prefix } } });
  if (!r.ok) throw new Error(r.error);
  const sc = { ...scope('redis-1'), tenant: 'acme' };
  const out = await r.value.inspectInput(
    [{ path: 'p', text: 'IBAN GB82WEST12345698765432', role: 'user' }],
    {},
    sc,
    [],
  );
  assert.ok(out.ok);
  assert.equal(out.segments[0]!.text, 'IBAN <IBAN_1>');
  const probe = new Redis(URL);
  try {
    const keys = await probe.keys(`${prefix}*`);
    assert.deepEqual(keys, [`${prefix}acme:user-1:redis-1`]);
    assert.equal(await probe.hget(keys[0]!, '<IBAN_1>'), 'GB82WEST12345698765432');
    assert.equal(await restore('Paid to <IBAN_1>.', sc), 'Paid to GB82WEST12345698765432.');
  } finally {
    probe.disconnect();
    await (sc.values.get(SCOPE_KEY) as PseudonymState).vault.close();
  }
});

test('a vault on an unreachable Redis fails config load with the guard path', async () => {
  const r = await createGuardSet({ pii: { vault: { backend: 'redis', url: 'redis://127.0.0.1:1' } } });
  assert.ok(!r.ok);
  assert.match(r.error, /^guards\.pii: /);
});

after(async () => {
  const r = new Redis(URL);
  const keys = await r.keys(`${prefix}*`);
  if (keys.length > 0) await r.del(...keys);
  await r.quit();
});
