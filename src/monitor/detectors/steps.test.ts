import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gauss, rng } from '../lib/rng.ts';
import { createStepFinder } from './steps.ts';

const D = 30;
const REF = { std: Array(D).fill(1) };

/** A continuous natural input (standardised units). */
const natural = (r: () => number) => Array.from({ length: D }, () => gauss(r));
/** A Jacobian-augmentation step: every feature moved by ±λ (the sign of some gradient). */
const step = (x: number[], lambda: number, r: () => number) =>
  x.map((v) => v + (r() < 0.5 ? lambda : -lambda));

test('finds the parent of a Jacobian step whatever λ is, with how far back it was and the step', () => {
  for (const lambda of [0.003, 0.1, 2.5]) {
    const r = rng(1);
    const f = createStepFinder({});
    const xs = Array.from({ length: 300 }, () => natural(r));
    for (const x of xs)
      assert.equal(f.observe('a', 'a', 'm', x, REF), undefined, 'natural input taken for a step');
    const m = f.observe('a', 'a', 'm', step(xs[100]!, lambda, r), REF);
    assert.ok(m, `no parent found for λ ${lambda}`);
    assert.equal(m.lag, 200);
    assert.ok(Math.abs(m.step - lambda) < 1e-5 * Math.max(1, lambda), `step ${m.step} for λ ${lambda}`);
    assert.equal(m.moved, D);
    assert.equal(m.equal, D);
    assert.equal(m.from, undefined);
  }
});

test('noisy copies, blends and small edits of earlier queries are not steps', () => {
  const r = rng(2);
  const f = createStepFinder({});
  const xs = Array.from({ length: 200 }, () => natural(r));
  for (const x of xs) f.observe('a', 'a', 'm', x, REF);
  let found = 0;
  for (let i = 0; i < 200; i++) {
    const x = xs[i]!;
    const other = xs[(i + 7) % 200]!;
    const noisy = x.map((v) => v + 0.1 * gauss(r));
    const blend = x.map((v, j) => 0.9 * v + 0.1 * other[j]!);
    const edit = x.map((v, j) => (j < 3 ? v + 0.5 : v)); // three features moved alike: too few
    for (const q of [noisy, blend, edit]) if (f.observe('a', 'a', 'm', q, REF)) found++;
  }
  assert.equal(found, 0);
});

test('features clipped at the input box count as partial moves; a step still matches', () => {
  const r = rng(3);
  const f = createStepFinder({});
  const x = Array.from({ length: D }, () => r()); // in [0, 1]
  x[0] = 0.02;
  x[1] = 0.97;
  f.observe('a', 'a', 'm', x, REF);
  const child = x.map((v, j) =>
    Math.min(1, Math.max(0, v + (j === 0 ? -0.1 : j === 1 ? 0.1 : r() < 0.5 ? 0.1 : -0.1))),
  );
  const m = f.observe('a', 'a', 'm', child, REF);
  assert.ok(m, 'clipped step not found');
  const full = child.filter((v, j) => Math.abs(Math.abs(v - x[j]!) - 0.1) < 1e-6).length;
  assert.ok(full <= D - 2, 'the two clipped features moved less than λ');
  assert.equal(m.equal, full);
  assert.equal(m.moved, D);
});

test('finds a parent sent by another account (an attack split across accounts) and names it; not with shared: 0', () => {
  const r = rng(4);
  for (const shared of [65_536, 0]) {
    const f = createStepFinder({ shared });
    const x = natural(r);
    f.observe('alice\u0000m', 'alice', 'm', x, REF);
    for (let i = 0; i < 50; i++) f.observe(`u${i}\u0000m`, `u${i}`, 'm', natural(r), REF);
    const m = f.observe('bob\u0000m', 'bob', 'm', step(x, 0.1, r), REF);
    if (shared) assert.equal(m?.from, 'alice');
    else assert.equal(m, undefined);
  }
});

test('memory stays within maxBytes: the least recently seen identities lose their history first', () => {
  const r = rng(5);
  const f = createStepFinder({ maxBytes: 1 << 17, shared: 0 });
  const first = natural(r);
  f.observe('first', 'first', 'm', first, REF);
  for (let i = 0; i < 2000; i++) f.observe(`u${i}`, `u${i}`, 'm', natural(r), REF);
  assert.ok(f.bytes() <= 1 << 17, `${f.bytes()} bytes`);
  assert.ok(f.rings() < 2000);
  // The first identity's history was dropped, so its step is no longer found.
  assert.equal(f.observe('first', 'first', 'm', step(first, 0.1, r), REF), undefined);
});

test('a parent older than the history is not found (the ring is bounded)', () => {
  const r = rng(6);
  const f = createStepFinder({ history: 64 });
  const x = natural(r);
  f.observe('a', 'a', 'm', x, REF);
  for (let i = 0; i < 64; i++) f.observe('a', 'a', 'm', natural(r), REF);
  assert.equal(f.observe('a', 'a', 'm', step(x, 0.1, r), REF), undefined);
  const y = natural(r);
  f.observe('a', 'a', 'm', y, REF);
  for (let i = 0; i < 62; i++) f.observe('a', 'a', 'm', natural(r), REF);
  assert.equal(f.observe('a', 'a', 'm', step(y, 0.1, r), REF)?.lag, 63);
});

const PIXELS = { std: Array(64).fill(4), min: Array(64).fill(0), max: Array(64).fill(16) };

test('integer-valued features: a non-integer step from an integer query is found among many integer queries', () => {
  const r = rng(7);
  const f = createStepFinder({});
  const xs = Array.from({ length: 1000 }, () => Array.from({ length: 64 }, () => Math.floor(r() * 17)));
  for (const x of xs) f.observe('a', 'a', 'm', x, PIXELS);
  const child = xs[500]!.map((v) => Math.min(16, Math.max(0, v + (r() < 0.5 ? 1.6 : -1.6))));
  assert.equal(f.observe('a', 'a', 'm', child, PIXELS)?.lag, 500);
});

test('±1 noise on an integer input already sent is no step when the range is known (a step moves every feature it can)', () => {
  const r = rng(8);
  const image = () => Array.from({ length: 64 }, () => (r() < 0.3 ? 0 : 1 + Math.floor(r() * 16)));
  const noisy = (x: number[]) =>
    x.map((v) => (v > 0 ? Math.min(16, Math.max(0, Math.round(v + gauss(r)))) : v));
  const count = (ref: typeof PIXELS | { std: number[] }) => {
    const f = createStepFinder({});
    let steps = 0;
    for (let i = 0; i < 300; i++) {
      const x = image();
      f.observe('a', 'a', 'm', x, ref);
      if (f.observe('a', 'a', 'm', noisy(x), ref)) steps++;
    }
    return steps;
  };
  assert.equal(count(PIXELS), 0);
  assert.ok(count({ std: PIXELS.std }) > 0, 'without the range, rounding noise can pass for a λ = 1 step');
});

test("an input another account already sent is a shared input, not a step from a third account's child", () => {
  const r = rng(9);
  const f = createStepFinder({});
  const x = natural(r);
  f.observe('alice\u0000m', 'alice', 'm', x, REF);
  f.observe('carol\u0000m', 'carol', 'm', step(x, 0.1, r), REF);
  // Bob sends the same input alice did: one step from carol's query, but it is alice's input again.
  assert.equal(f.observe('bob\u0000m', 'bob', 'm', [...x], REF), undefined);
  // Dave sends a step from carol's query that nobody sent before: a step from another account.
  assert.equal(f.observe('dave\u0000m', 'dave', 'm', step(x, 0.1, r), REF)?.from !== undefined, true);
});

test('a shared input is recognised however many queries share its keys (integer pixels)', () => {
  const r = rng(10);
  const f = createStepFinder({});
  const img = () => Array.from({ length: 64 }, () => 1 + Math.floor(r() * 15));
  const x = img();
  f.observe('alice\u0000m', 'alice', 'm', x, PIXELS);
  // 300 other images with the same first pair values (a − b and a + b): one long chain per key.
  for (let i = 0; i < 300; i++) {
    const y = img();
    y[0] = x[0]!;
    y[1] = x[1]!;
    f.observe(`u${i}\u0000m`, `u${i}`, 'm', y, PIXELS);
  }
  f.observe('carol\u0000m', 'carol', 'm', step(x, 1.6, r), PIXELS);
  assert.equal(f.observe('bob\u0000m', 'bob', 'm', [...x], PIXELS), undefined);
});
