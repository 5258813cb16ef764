import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combine } from './combine.ts';
import { onnxConfigSchema } from './config.ts';

const cfg = (extra: Record<string, unknown> = {}) =>
  onnxConfigSchema.parse({ model: 'm.onnx', tokenizer: 't.json', threshold: 0.6, ...extra });
const at = (score: number, start = 0, end = 10) => ({ score, start, end });

test('max: flags when either detector reaches its own threshold, and its ranking score agrees', () => {
  const cases: [number, number, boolean, string][] = [
    [0.5, 0.1, true, 'classifier'], // linear at its threshold 0.4
    [0.1, 0.7, true, 'transformer'],
    [0.3, 0.59, false, 'transformer'],
    [0.9, 0.9, true, 'classifier'],
  ];
  for (const [l, t, flagged, by] of cases) {
    const c = combine(at(l, 0, 5), at(t, 20, 40), cfg(), 0.4);
    assert.equal(c.flagged, flagged, `${l} ${t}`);
    assert.equal(c.score >= c.threshold, flagged, `${l} ${t}`);
    assert.equal(c.by, by, `${l} ${t}`);
    assert.deepEqual([c.start, c.end], by === 'classifier' ? [0, 5] : [20, 40]);
  }
  // Ranking follows the larger margin: a stronger transformer hit ranks above a weaker one.
  assert.ok(combine(at(0.1), at(0.95), cfg(), 0.4).score > combine(at(0.1), at(0.7), cfg(), 0.4).score);
});

test('weighted: mixes the probabilities; the default threshold is the same mix of the two thresholds', () => {
  const c = combine(at(0.2), at(0.9), cfg({ combine: 'weighted', weight: 0.25 }), 0.4);
  assert.ok(Math.abs(c.score - (0.25 * 0.9 + 0.75 * 0.2)) < 1e-12);
  assert.ok(Math.abs(c.threshold - (0.25 * 0.6 + 0.75 * 0.4)) < 1e-12);
  assert.equal(c.flagged, false);
  assert.equal(
    combine(at(0.2), at(0.9), cfg({ combine: 'weighted', combined_threshold: 0.5 }), 0.4).flagged,
    true,
  );
});
