import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertDraft } from '../types.ts';
import { createSubnetGroups, subnetOf } from './subnet.ts';

test('subnets are IPv4 /24 and IPv6 /64', () => {
  assert.equal(subnetOf('198.51.7.42'), '198.51.7.0/24');
  assert.equal(subnetOf('::ffff:198.51.7.42'), '198.51.7.0/24');
  assert.equal(subnetOf('2001:DB8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
  assert.equal(subnetOf('2001:db8::1'), '2001:db8:0:0::/64');
});

function feed(qs: { ip: string; identity: string; suspect: boolean }[]): AlertDraft[] {
  const g = createSubnetGroups({});
  const out: AlertDraft[] = [];
  qs.forEach((q, i) =>
    g.add({ ...q, model: 'digits', requestId: `r${i}`, at: i * 1000 }, (a) => out.push(a)),
  );
  return out;
}

test('a harvest split across 100 accounts of one subnet, few queries each, is one subnet alert naming them', () => {
  // 30 queries per account, round robin; 40 % of them out of distribution.
  const qs = Array.from({ length: 3000 }, (_, i) => ({
    ip: `198.51.7.${i % 100}`,
    identity: `acct-${i % 100}`,
    suspect: i % 5 < 2,
  }));
  const alerts = feed(qs);
  assert.ok(alerts.length > 0, 'no subnet alert');
  assert.equal(alerts[0]!.detector, 'extraction.subnet');
  assert.equal(alerts[0]!.evidence.subnet, '198.51.7.0/24');
  assert.ok(alerts[0]!.identities.length >= 5);
  assert.ok(Number(alerts[0]!.evidence.window) <= 40, `judged only after ${alerts[0]!.evidence.window} queries`);
  assert.ok(
    alerts.every((a) => a.key === alerts[0]!.key),
    'one key per subnet and model',
  );
});

test('honest users behind one NAT with one misbehaving user raise no subnet alert', () => {
  const qs = Array.from({ length: 3000 }, (_, i) => {
    const bad = i % 2 === 0;
    return { ip: '10.0.0.1', identity: bad ? 'mallory' : `user-${i % 200}`, suspect: bad || i % 200 === 1 };
  });
  assert.deepEqual(feed(qs), []);
});

test('in-distribution traffic from many accounts of one subnet raises nothing', () => {
  const qs = Array.from({ length: 3000 }, (_, i) => ({
    ip: `10.0.3.${i % 250}`,
    identity: `user-${i % 250}`,
    suspect: i % 100 === 0,
  }));
  assert.deepEqual(feed(qs), []);
});
