import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeEvent } from './lib/testing.ts';
import { toOcsf } from './ocsf.ts';

test('maps an allowed call to API Activity with success status and the caller as actor', () => {
  const e = makeEvent('gw', 1, { identity: { kind: 'jwt', id: 'alice', roles: ['app'], tenant: 'acme' } });
  const o = toOcsf(e);
  assert.equal(o.class_uid, 6003);
  assert.equal(o.category_uid, 6);
  assert.equal(o.type_uid, 600399);
  assert.equal(o.time, Date.parse(e.time));
  assert.equal(o.status_id, 1);
  assert.deepEqual(o.actor.user, { uid: 'alice', type: 'jwt', groups: [{ name: 'app' }] });
  assert.equal(o.metadata.tenant_uid, 'acme');
  assert.equal(o.metadata.uid, e.requestId);
  assert.equal(o.src_endpoint.ip, '10.0.0.7');
  assert.equal(o.http_request.user_agent, 'openai-node/6');
  assert.equal(o.api.response.code, 200);
});

test('maps a denial to a failure carrying its reason codes and findings', () => {
  const e = makeEvent('gw', 5, {
    findings: [
      {
        guard: 'injection',
        type: 'injection',
        score: 0.97,
        start: 0,
        end: 12,
        action: 'block',
        stage: 'input',
      },
    ],
  });
  const o = toOcsf(e);
  assert.equal(o.status_id, 2);
  assert.equal(o.status_code, 'guard.injection');
  assert.equal(o.severity_id, 3);
  assert.deepEqual(o.unmapped.parapet_reasons, ['guard.injection']);
  assert.equal((o.unmapped.parapet_findings as unknown[]).length, 1);
});
