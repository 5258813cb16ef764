import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gauss, rng } from './rng.ts';
import {
  chiSquareQuantile,
  jensenShannon,
  ksBinned,
  normalQuantile,
  psi,
  shapiroWilkW,
  wassersteinBinned,
} from './stats.ts';

test('normal quantile matches tabulated values', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232) < 1e-5);
  assert.equal(normalQuantile(0.5), 0);
});

test('Shapiro–Wilk W is near 1 for normal samples and low for bimodal ones', () => {
  const r = rng(1);
  const normal = Array.from({ length: 200 }, () => gauss(r));
  const bimodal = Array.from({ length: 200 }, (_, i) => (i % 2 ? 5 : -5) + 0.3 * gauss(r));
  assert.ok(shapiroWilkW(normal) > 0.98, `normal W ${shapiroWilkW(normal)}`);
  assert.ok(shapiroWilkW(bimodal) < 0.7, `bimodal W ${shapiroWilkW(bimodal)}`);
});

test('Shapiro–Wilk W agrees with SciPy (scipy.stats.shapiro) to 1e-8', () => {
  // Reference values computed with SciPy 1.x: 0.7871856119611499 and 0.8485692343557507.
  assert.ok(
    Math.abs(
      shapiroWilkW([148, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236, 240]) - 0.7871856119611499,
    ) < 1e-8,
  );
  const x = Array.from({ length: 100 }, (_, i) => Math.exp(i / 30));
  assert.ok(Math.abs(shapiroWilkW(x) - 0.8485692343557507) < 1e-8);
});

test('PSI, KS and Jensen–Shannon are zero for identical histograms and grow with a shift', () => {
  const a = [10, 20, 40, 20, 10];
  const b = [2, 8, 20, 40, 30];
  assert.ok(psi(a, a) < 1e-9);
  assert.ok(ksBinned(a, a) < 1e-9);
  assert.ok(jensenShannon(a, a) < 1e-6);
  assert.ok(psi(a, b) > 0.3);
  assert.ok(ksBinned(a, b) > 0.2);
  assert.ok(jensenShannon(a, b) > 0.2 && jensenShannon(a, b) <= 1);
});

test('Wasserstein of a histogram moved one bin equals the bin spacing', () => {
  assert.ok(Math.abs(wassersteinBinned([0, 1, 0, 0], [0, 0, 1, 0], [0, 2, 4, 6]) - 2) < 1e-9);
});

test('chi-square quantile is close to tabulated values', () => {
  assert.ok(Math.abs(chiSquareQuantile(0.99, 9) - 21.666) < 0.2);
  assert.ok(Math.abs(chiSquareQuantile(0.95, 3) - 7.815) < 0.1);
});
