import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atThreshold, binaryReport, rocAuc, tprAtFpr } from './metrics.ts';

const P = (score: number) => ({ score, positive: true });
const N = (score: number) => ({ score, positive: false });

test('counts precision, recall and F1 at a threshold', () => {
  const r = atThreshold([P(0.9), P(0.6), P(0.2), N(0.7), N(0.1), N(0.05)], 0.5);
  assert.deepEqual([r.tp, r.fp, r.fn, r.tn], [2, 1, 1, 2]);
  assert.equal(r.precision, 2 / 3);
  assert.equal(r.recall, 2 / 3);
  assert.equal(r.f1, 2 / 3);
  assert.equal(r.fpr, 1 / 3);
});

test('ROC AUC is 1 for a perfect ranking, 0.5 for all ties, and counts pairs otherwise', () => {
  assert.equal(rocAuc([P(0.9), P(0.8), N(0.1), N(0.2)]), 1);
  assert.equal(rocAuc([P(0.5), N(0.5)]), 0.5);
  // pairs (p,n): (0.9>0.7) (0.9>0.1) (0.3<0.7) (0.3>0.1) → 3 of 4
  assert.equal(rocAuc([P(0.9), P(0.3), N(0.7), N(0.1)]), 0.75);
});

test('TPR at a fixed FPR lets through at most floor(fpr * negatives) negatives', () => {
  const negatives = Array.from({ length: 100 }, (_, i) => N(i / 100)); // 0.00 .. 0.99
  const items = [...negatives, P(0.995), P(0.985), P(0.5)];
  const r = tprAtFpr(items, 0.01); // one negative (0.99) may score at or above
  assert.equal(r.tpr, 2 / 3);
  assert.equal(r.actualFpr, 0.01);
  const strict = tprAtFpr(items, 0.001); // none may: threshold just above 0.99
  assert.equal(strict.tpr, 1 / 3);
  assert.equal(strict.actualFpr, 0);
});

test('binaryReport gathers counts and rates', () => {
  const r = binaryReport([P(0.9), N(0.1)], 0.5);
  assert.equal(r.n, 2);
  assert.equal(r.positives, 1);
  assert.equal(r.auc, 1);
  assert.equal(r.tprAt1, 1);
});
