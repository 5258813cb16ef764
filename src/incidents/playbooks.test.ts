import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPlaybooks, playbookFor } from './playbooks.ts';

test('ships valid playbooks for extraction, injection campaigns, data leakage, tampering and key compromise', () => {
  const pbs = loadPlaybooks();
  assert.deepEqual([...pbs.keys()].sort(), [
    'data_leakage',
    'key_compromise',
    'model_extraction',
    'model_tampering',
    'prompt_injection_campaign',
  ]);
  for (const pb of pbs.values()) {
    assert.ok(pb.steps.length >= 2, pb.name);
    for (const s of pb.steps)
      assert.ok(pb.roles[s.role], `${pb.name}: step ${s.id} names unknown role ${s.role}`);
  }
});

test('every detector maps to a shipped playbook', () => {
  const names = new Set(loadPlaybooks().keys());
  for (const d of [
    'extraction.prada',
    'extraction.cluster',
    'llm.canary',
    'llm.probing',
    'volume.spike',
    'volume.source_keys',
    'drift.psi',
  ])
    assert.ok(names.has(playbookFor(d)), d);
  assert.equal(playbookFor('llm.canary'), 'data_leakage');
});
