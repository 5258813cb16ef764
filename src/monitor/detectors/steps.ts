// The Jacobian-step signature of synthetic-query extraction (Papernot et al., AsiaCCS 2017): each
// synthetic query x' = x + λ·sign(∂F/∂x) differs from an earlier query x of the same identity by the
// same amount λ in every feature it moves (a few move less where the step was clipped at the input's
// bounds). Natural inputs, noisy copies, blends and boundary walks move features by differing amounts,
// so the test needs no integer-valued features. Each identity × model keeps its recent queries (the
// reference's highest-variance features, float32) in a ring that grows on demand; all rings share one
// byte budget, least recently seen identity dropped first. A query is compared with the ring newest
// first; a comparison stops as soon as the moved features disagree, so most cost a few reads.

import { z } from 'zod';
import { type Comparison, fingerprint, pairKeys, type StepMatch, StepRing } from '../lib/step-ring.ts';

export type { StepMatch } from '../lib/step-ring.ts';

export const stepOptions = z
  .object({
    /** Earlier queries per identity × model searched for a parent (the ring's capacity). */
    history: z.number().int().min(16).max(65_536).default(1024),
    /** Features compared (the reference's highest-variance ones; all when the model has fewer). */
    coordinates: z.number().int().min(4).max(4096).default(32),
    /** Feature pairs indexed (two keys each; a parent is found if one pair moved wholly). */
    pairs: z.number().int().min(1).max(16).default(4),
    /** Queries compared per key at most (newest first). */
    budget: z.number().int().min(1).max(65_536).default(64),
    /** A step moves at least this many of the compared features (all of them when fewer)... */
    minMoved: z.number().int().min(2).default(12),
    /** ...and at least this share of the moved ones by one common amount (the rest only by less: clipped). */
    share: z.number().min(0.5).max(1).default(0.8),
    /** Relative tolerance on "the same amount". */
    tolerance: z.number().min(0).max(0.5).default(0.01),
    /** Alert when this many of the identity's last `window` queries were steps from an earlier one. */
    count: z.number().int().min(1).default(5),
    window: z.number().int().min(10).max(10_000).default(100),
    /**
     * Recent queries of all identities kept per model, so a step from another account's query is
     * found too (an attack split across accounts); 0 turns it off.
     */
    shared: z.number().int().min(0).max(4_194_304).default(65_536),
    /** Bytes for all identities' rings together. */
    maxBytes: z
      .number()
      .int()
      .min(1 << 16)
      .max(2 ** 40)
      .default(64 * 1024 * 1024),
  })
  .strict();

export type StepOptions = z.input<typeof stepOptions>;

/** What the finder needs of a model's reference. */
export interface StepReference {
  readonly std: ArrayLike<number>;
  readonly min?: ArrayLike<number> | undefined;
  readonly max?: ArrayLike<number> | undefined;
}

/** The step finder shared by every identity of one extraction detector. */
export function createStepFinder(input: StepOptions = {}) {
  const o = stepOptions.parse(input);
  const rings = new Map<string, StepRing>();
  const shared = new Map<string, StepRing>();
  let bytes = 0;
  const coords = new Map<string, { sel: Int32Array; units: Float64Array; cmp: Comparison }>();
  let buf = new Float32Array(0);
  let keyBuf = new Uint32Array(0);

  /**
   * The features compared for a model (the `coordinates` with the largest reference scale), and per
   * indexed pair the unit its keys count in: 2⁻²⁴ of the pair's scale, rounded down to a power of two.
   */
  const selection = (model: string, ref: StepReference) => {
    const std = ref.std;
    let c = coords.get(model);
    if (c && c.sel.length === Math.min(o.coordinates, std.length)) return c;
    const order = Array.from({ length: std.length }, (_, j) => j).sort((a, b) => std[b]! - std[a]! || a - b);
    const sel = Int32Array.from(order.slice(0, o.coordinates));
    const units = new Float64Array(Math.min(o.pairs, sel.length >> 1));
    for (let p = 0; p < units.length; p++) {
      const scale = Math.max(std[sel[2 * p]!]!, std[sel[2 * p + 1]!]!, 1e-12);
      units[p] = 2 ** (Math.floor(Math.log2(scale)) - 24);
    }
    const bounded = ref.min && ref.max && ref.min.length === std.length && ref.max.length === std.length;
    c = {
      sel,
      units,
      cmp: {
        minMoved: Math.min(o.minMoved, sel.length),
        share: o.share,
        tolerance: o.tolerance,
        maxStill: Math.floor(((1 - o.share) * sel.length) / 2),
        lo: bounded ? Float32Array.from(sel, (j) => ref.min![j]!) : undefined,
        hi: bounded ? Float32Array.from(sel, (j) => ref.max![j]!) : undefined,
      },
    };
    if (coords.size >= 1000) coords.delete(coords.keys().next().value!);
    coords.set(model, c);
    return c;
  };

  return {
    options: o,
    /** Bytes held by the rings. */
    bytes: () => bytes + [...shared.values()].reduce((a, r) => a + r.bytes, 0),
    rings: () => rings.size + shared.size,
    /**
     * Looks for an earlier query that x is one step from — first among those of `key` (identity ×
     * model), then among recent queries of other identities of the model — then remembers x.
     * `ref` is the model's reference: its scale picks the features compared; its range, when known,
     * tells a feature held at a bound from one left still.
     */
    observe(
      key: string,
      identity: string,
      model: string,
      x: readonly number[],
      ref: StepReference,
    ): StepMatch | undefined {
      const { sel, units, cmp } = selection(model, ref);
      const k = sel.length;
      if (buf.length !== k) buf = new Float32Array(k);
      for (let j = 0; j < k; j++) buf[j] = x[sel[j]!]!;
      const pairs = units.length;
      if (keyBuf.length !== 2 * pairs) keyBuf = new Uint32Array(2 * pairs);
      pairKeys(x, sel, units, pairs, keyBuf);
      let ring = rings.get(key);
      if (ring && (ring.k !== k || ring.nk !== keyBuf.length)) {
        bytes -= ring.bytes;
        rings.delete(key);
        ring = undefined;
      }
      if (ring) {
        rings.delete(key);
        rings.set(key, ring);
      } else {
        ring = new StepRing(k, keyBuf.length);
        rings.set(key, ring);
        bytes += ring.bytes;
      }
      let found = ring.find(buf, keyBuf, o.budget, cmp);
      bytes += ring.grow(o.history);
      const b0 = ring.bytes;
      ring.push(buf, keyBuf);
      bytes += ring.bytes - b0;
      if (o.shared > 0) {
        let g = shared.get(model);
        if (!g || g.k !== k || g.nk !== keyBuf.length) {
          if (!g && shared.size >= 100) shared.delete(shared.keys().next().value!);
          g = new StepRing(k, keyBuf.length, true);
          shared.set(model, g);
        }
        const fp = fingerprint(buf);
        if (!found) {
          const other = g.find(buf, keyBuf, o.budget, cmp, identity);
          if (other && !g.sentByOther(fp, identity)) found = other;
        }
        g.grow(o.shared);
        g.push(buf, keyBuf, identity, fp);
      }
      // Over budget: drop the least recently seen identities' rings (never the one just used).
      while (bytes > o.maxBytes && rings.size > 1) {
        const [oldKey, old] = rings.entries().next().value!;
        rings.delete(oldKey);
        bytes -= old.bytes;
      }
      return found;
    },
  };
}
