import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type AuthzRequest, createAuthorizer, type Principal } from './index.ts';

const model = (name: string, risk_tier = 'low') => ({
  type: 'Model',
  id: name,
  attrs: { name, risk_tier, tags: [] },
});
const who = (roles: string[], models: string[] = ['*'], id = 'k1'): Principal => ({
  id,
  kind: 'api_key',
  roles,
  models,
});
const req = (
  principal: Principal,
  action: string,
  resource: AuthzRequest['resource'],
  context: Partial<AuthzRequest['context']> = {},
): AuthzRequest => ({
  principal,
  action,
  resource,
  context: { source: '10.1.2.3', ...context },
});

async function authorizer(policies?: string) {
  const r = await createAuthorizer({ extraPolicies: policies });
  assert.ok(r.ok, r.ok ? '' : r.denial.message);
  return r.value;
}

describe('role templates', async () => {
  const a = await authorizer();
  const allowed = (r: AuthzRequest) => a.authorize(r).allowed;

  test('app invokes the models its key lists and only those', () => {
    assert.equal(allowed(req(who(['app'], ['m1']), 'invoke', model('m1'))), true);
    assert.equal(allowed(req(who(['app'], ['m1']), 'invoke', model('m2'))), false);
    assert.equal(allowed(req(who(['app'], ['*']), 'invoke', model('m2'))), true);
    assert.equal(allowed(req(who(['app']), 'audit:read', { type: 'Audit', id: 'audit' })), false);
  });

  test('analyst reads audit and metrics, may not manage keys or call models', () => {
    assert.equal(allowed(req(who(['analyst']), 'audit:read', { type: 'Audit', id: 'audit' })), true);
    assert.equal(allowed(req(who(['analyst']), 'metrics:read', { type: 'Metrics', id: 'metrics' })), true);
    assert.equal(allowed(req(who(['analyst']), 'keys:manage', { type: 'Keys', id: 'keys' })), false);
    assert.equal(allowed(req(who(['analyst']), 'invoke', model('m1'))), false);
  });

  test('auditor reads evidence but may not promote, respond or manage keys', () => {
    assert.equal(allowed(req(who(['auditor']), 'registry:read', { type: 'Registry', id: 'r' })), true);
    assert.equal(allowed(req(who(['auditor']), 'policy:read', { type: 'Policy', id: 'p' })), true);
    assert.equal(
      allowed(req(who(['auditor']), 'registry:promote', { type: 'Registry', id: 'r' }, { alias: 'staging' })),
      false,
    );
    assert.equal(allowed(req(who(['auditor']), 'respond', { type: 'Actions', id: 'a' })), false);
    assert.equal(allowed(req(who(['auditor']), 'keys:manage', { type: 'Keys', id: 'k' })), false);
  });

  test('ml-engineer pushes and promotes to staging but not to production', () => {
    const ml = who(['ml-engineer'], ['m1']);
    assert.equal(allowed(req(ml, 'registry:push', { type: 'Registry', id: 'r' })), true);
    assert.equal(
      allowed(req(ml, 'registry:promote', { type: 'Registry', id: 'r' }, { alias: 'staging' })),
      true,
    );
    assert.equal(
      allowed(req(ml, 'registry:promote', { type: 'Registry', id: 'r' }, { alias: 'production' })),
      false,
    );
    assert.equal(allowed(req(ml, 'invoke', model('m1'))), true);
    assert.equal(allowed(req(ml, 'keys:manage', { type: 'Keys', id: 'k' })), false);
  });

  test('admin may do everything; an identity with no role nothing', () => {
    assert.equal(allowed(req(who(['admin']), 'keys:manage', { type: 'Keys', id: 'k' })), true);
    assert.equal(
      allowed(
        req(who(['admin']), 'registry:promote', { type: 'Registry', id: 'r' }, { alias: 'production' }),
      ),
      true,
    );
    assert.equal(allowed(req(who([]), 'invoke', model('m1'))), false);
    assert.equal(allowed(req(who(['unknown-role']), 'invoke', model('m1'))), false);
  });

  test('the decision names the policy that permitted it', () => {
    assert.deepEqual(a.authorize(req(who(['app']), 'invoke', model('m1'))).policies, [
      'template:app#app.invoke',
    ]);
  });
});

describe('operator policies', () => {
  test('forbid high-risk models outside an office CIDR: forbid overrides the template permit', async () => {
    const a = await authorizer(`@id("high-risk-office-only")
forbid (principal, action == Parapet::Action::"invoke", resource is Parapet::Model)
when { resource.risk_tier == "high" && !context.source.isInRange(ip("10.0.0.0/8")) };`);
    const app = who(['app']);
    assert.equal(a.authorize(req(app, 'invoke', model('big', 'high'), { source: '10.9.9.9' })).allowed, true);
    const out = a.authorize(req(app, 'invoke', model('big', 'high'), { source: '203.0.113.7' }));
    assert.equal(out.allowed, false);
    assert.deepEqual(out.policies, ['inline#high-risk-office-only']);
    assert.equal(
      a.authorize(req(app, 'invoke', model('small', 'low'), { source: '203.0.113.7' })).allowed,
      true,
    );
  });

  test('time-of-day policy: outside 08-18 UTC on weekdays, high-risk models are refused', async () => {
    const a =
      await authorizer(`forbid (principal, action == Parapet::Action::"invoke", resource is Parapet::Model)
when { resource.risk_tier == "high" && (context.hour < 8 || context.hour >= 18 || context.weekday == 0 || context.weekday == 6) };`);
    const app = who(['app']);
    const tuesday10 = new Date('2026-11-24T10:00:00Z');
    const tuesday22 = new Date('2026-11-24T22:00:00Z');
    assert.equal(a.authorize(req(app, 'invoke', model('big', 'high'), { now: tuesday10 })).allowed, true);
    assert.equal(a.authorize(req(app, 'invoke', model('big', 'high'), { now: tuesday22 })).allowed, false);
  });

  test('a policy that does not fit the schema is refused at load, naming the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-policy-'));
    const file = join(dir, 'bad.cedar');
    writeFileSync(file, 'permit (principal, action, resource)\nwhen { resource.colour == "red" };\n');
    const r = await createAuthorizer({ extraPolicyFiles: [file] });
    assert.ok(!r.ok);
    assert.match(r.denial.message, /bad\.cedar/);
    const syntax = join(dir, 'syntax.cedar');
    writeFileSync(syntax, '\n\npermit (principal, action resource);\n');
    const s = await createAuthorizer({ extraPolicyFiles: [syntax] });
    assert.ok(!s.ok);
    assert.match(s.denial.message, /syntax\.cedar:3: /);
    const missing = await createAuthorizer({ extraPolicyFiles: [join(dir, 'absent.cedar')] });
    assert.ok(!missing.ok && /absent\.cedar: cannot read/.test(missing.denial.message));
  });

  test('reading an optional attribute without `has` is refused at load by strict validation', async () => {
    const r = await createAuthorizer({
      extraPolicies: 'forbid (principal, action, resource) when { principal.tenant == "x" };',
    });
    assert.ok(!r.ok);
    assert.match(r.denial.message, /optional attribute `tenant`/);
  });

  test('an evaluation error at run time denies even where a template permits', async () => {
    const a = await authorizer(
      `forbid (principal, action, resource) when { context.hour + 9223372036854775807 > 0 };`,
    );
    const d = a.authorize(
      req(who(['app']), 'invoke', model('m1'), { now: new Date('2026-11-24T10:00:00Z') }),
    );
    assert.equal(d.allowed, false);
    assert.match(d.errors.join(), /overflow/);
  });
});
