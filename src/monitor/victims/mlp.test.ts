import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gauss, rng } from '../lib/rng.ts';
import { createMlp } from './mlp.ts';
import { argmax } from './softmax.ts';

/** Three Gaussian blobs in 5 dimensions, classes 0..2. */
function blobs(n: number, seed: number) {
  const r = rng(seed);
  const centres = [
    [3, 0, 0, 0, 0],
    [0, 3, 0, 0, 0],
    [0, 0, 3, 0, 0],
  ];
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    X.push(centres[c]!.map((v) => v + gauss(r)));
    y.push(c);
  }
  return { X, y };
}

test('learns separable classes, keeping its weights from one fit to the next', () => {
  const { X, y } = blobs(300, 1);
  const test_ = blobs(300, 2);
  const net = createMlp({ dim: 5, classes: 3, hidden: [16, 16], seed: 3 });
  const accuracy = () => test_.X.filter((x, i) => argmax(net.predict(x)) === test_.y[i]).length / 300;
  net.fit(X, y, { epochs: 1, batch: 32, lr: 0.01 });
  const once = accuracy();
  net.fit(X, y, { epochs: 20, batch: 32, lr: 0.01 });
  const more = accuracy();
  assert.ok(more > 0.95, `accuracy ${more}`);
  assert.ok(more >= once, `training on made it worse: ${once} → ${more}`);
});

test('the input gradient of a class probability matches finite differences', () => {
  const { X, y } = blobs(90, 4);
  const net = createMlp({ dim: 5, classes: 3, hidden: [8, 8], offset: 1, factor: 0.5, seed: 5 });
  net.fit(X, y, { epochs: 5, batch: 16, lr: 0.01 });
  const x = [0.7, 1.9, -0.4, 0.2, 1.1];
  for (const c of [0, 1, 2]) {
    const g = net.gradient(x, c);
    for (let j = 0; j < 5; j++) {
      const h = 1e-5;
      const up = [...x];
      const down = [...x];
      up[j]! += h;
      down[j]! -= h;
      const fd = (net.predict(up)[c]! - net.predict(down)[c]!) / (2 * h);
      assert.ok(
        Math.abs(fd - g[j]!) < 1e-6 + 1e-4 * Math.abs(fd),
        `class ${c} feature ${j}: ${g[j]} vs ${fd}`,
      );
    }
  }
});

test('the same seed and data give the same network', () => {
  const { X, y } = blobs(60, 6);
  const a = createMlp({ dim: 5, classes: 3, hidden: [8], seed: 9 });
  const b = createMlp({ dim: 5, classes: 3, hidden: [8], seed: 9 });
  a.fit(X, y, { epochs: 3 });
  b.fit(X, y, { epochs: 3 });
  assert.deepEqual([...a.predict(X[0]!)], [...b.predict(X[0]!)]);
});
