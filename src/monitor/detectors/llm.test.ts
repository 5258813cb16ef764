import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GuardFinding } from '../../audit/event.ts';
import { classifierEvent } from '../lib/testing.ts';
import type { AlertDraft } from '../types.ts';
import { createLlmDetector } from './llm.ts';

const T0 = 1_800_000_000_000;
const inj: GuardFinding = {
  guard: 'injection',
  type: 'injection',
  score: 0.9,
  start: 0,
  end: 10,
  action: 'block',
  stage: 'input',
};
const canary: GuardFinding = {
  guard: 'canary',
  type: 'canary',
  score: 1,
  start: 5,
  end: 37,
  action: 'block',
  stage: 'output',
};

test('a canary in an answer is a critical data-leak alert', () => {
  const det = createLlmDetector();
  const out: AlertDraft[] = [];
  det.observe(
    classifierEvent({
      at: T0,
      identity: 'a',
      findings: [canary],
      reasons: ['guard.canary'],
      decision: 'deny',
    }),
    T0,
    (x) => out.push(x),
  );
  assert.equal(out[0]?.detector, 'llm.canary');
  assert.equal(out[0]?.severity, 'critical');
});

test('repeated injection attempts from one identity within the window are probing; spread out they are not', () => {
  const det = createLlmDetector({ probeCount: 5, windowMinutes: 10 });
  const out: AlertDraft[] = [];
  for (let i = 0; i < 5; i++)
    det.observe(
      classifierEvent({ at: T0 + i * 3_600_000, identity: 'slow', findings: [inj] }),
      T0 + i * 3_600_000,
      (x) => out.push(x),
    );
  assert.equal(out.filter((a) => a.detector === 'llm.probing').length, 0);
  for (let i = 0; i < 5; i++)
    det.observe(
      classifierEvent({ at: T0 + i * 1000, identity: 'fast', findings: [inj] }),
      T0 + i * 1000,
      (x) => out.push(x),
    );
  assert.equal(out.filter((a) => a.detector === 'llm.probing').length, 1);
});

test('injection attempts from many identities on one model are a campaign', () => {
  const det = createLlmDetector({ campaignIdentities: 5 });
  const out: AlertDraft[] = [];
  for (let i = 0; i < 6; i++)
    det.observe(classifierEvent({ at: T0 + i, identity: `u${i}`, findings: [inj] }), T0 + i, (x) =>
      out.push(x),
    );
  const c = out.find((a) => a.detector === 'llm.campaign');
  assert.ok(c);
  assert.ok(c.identities.length >= 5);
});
