import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert } from '../monitor/types.ts';
import { groupKey } from './lifecycle.ts';

const alert = (detector: string, identities: string[], key: string): Alert => ({
  id: 'a1',
  count: 1,
  detector,
  severity: 'high',
  summary: 's',
  evidence: {},
  identities,
  models: ['digits'],
  requestIds: [],
  at: 0,
  key,
});

test('alerts about one identity share an incident per playbook', () => {
  assert.equal(
    groupKey(alert('extraction.prada', ['u1'], 'extraction.prada:u1')),
    groupKey(alert('extraction.near_duplicate', ['u1'], 'extraction.near_duplicate:u1')),
  );
  assert.notEqual(
    groupKey(alert('extraction.prada', ['u1'], 'k')),
    groupKey(alert('extraction.prada', ['u2'], 'k')),
  );
});

test('a cluster alert is one incident under its key, whatever its members', () => {
  const a = groupKey(alert('extraction.cluster', ['a0', 'a1'], 'extraction.cluster:digits:a0'));
  const b = groupKey(alert('extraction.cluster', ['a0', 'a1', 'a2', 'a3'], 'extraction.cluster:digits:a0'));
  assert.equal(a, b);
  assert.notEqual(a, groupKey(alert('extraction.prada', ['a0'], 'extraction.prada:a0')));
});
