// The Jacobian-step signature of synthetic-query extraction (Papernot et al., AsiaCCS 2017): each
// synthetic query x' = x + λ·sign(∂F/∂x) differs from an earlier query x of the same identity by the
// same amount λ in every feature it moves (a few move less where the step was clipped at the input's
// bounds). Natural inputs, noisy copies, blends and boundary walks move features by differing amounts,
// so the test needs no integer-valued features. Each identity × model keeps its recent queries (the
// reference's highest-variance features, float32) in a ring that grows on demand; all rings share one
// byte budget, least recently seen identity dropped first. A query is compared with the ring newest
// first; a comparison stops as soon as the moved features disagree, so most cost a few reads.

import { z } from 'zod';

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

/** A parent found for a query: how far back, the common step, how many features moved and how many by it. */
export interface StepMatch {
  /** Queries of the identity between the parent and this one (1: the previous query). */
  readonly lag: number;
  /** The common amount, in the model's input units. */
  readonly step: number;
  readonly moved: number;
  readonly equal: number;
  /** The identity that sent the parent, when it was another one (from the shared ring). */
  readonly from?: string;
}

const INITIAL = 4;

/**
 * The index's keys: for pairs of compared features (a, b), the values a − b and a + b, exact (hashed
 * with the pair and the kind). A step that moves both features of a pair keeps one of the two — a − b
 * when both move the same way, a + b when they move opposite ways — so the parent shares a key with
 * its child whatever λ is, and the lookup is a few hash probes, not a scan.
 */
function pairKeys(
  x: readonly number[],
  sel: Int32Array,
  units: Float64Array,
  pairs: number,
  out: Uint32Array,
): void {
  for (let p = 0; p < pairs; p++) {
    const a = x[sel[2 * p]!]!;
    const b = x[sel[2 * p + 1]!]!;
    out[2 * p] = hashValue(a - b, units[p]!, 2 * p);
    out[2 * p + 1] = hashValue(a + b, units[p]!, 2 * p + 1);
  }
}

/**
 * A 32-bit hash of a value counted in `unit` (a power of two far below the feature's scale), so the
 * last-bit noise of float arithmetic never changes it: (a + λ) − (b + λ) hashes like a − b.
 */
function hashValue(v: number, unit: number, salt: number): number {
  const q = Math.round(v / unit);
  let h = Math.imul(salt + 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (q | 0), 0xcc9e2d51);
  h = Math.imul(h ^ (Math.floor(q / 4294967296) | 0), 0x1b873593);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * One identity's recent queries (selected features, float32), oldest overwritten first, with a hash
 * index from each pair key to the newest query holding it and, per query and key, the previous query
 * with the same key (a chain, newest first). Overwritten queries are recognised by their sequence number.
 */
class StepRing {
  readonly k: number;
  readonly nk: number;
  cap = INITIAL;
  size = 0;
  seq = 1;
  data: Float32Array;
  keys: Uint32Array;
  prev: Uint32Array;
  seqs: Uint32Array;
  table = new Uint32Array(0);
  used = 0;
  /** Shared rings: who sent each query, a fingerprint of it, and the previous query with the same one. */
  owners: (string | undefined)[] | undefined;
  fps: Uint32Array | undefined;
  fpPrev: Uint32Array | undefined;
  fpHead: Map<number, number> | undefined;

  constructor(k: number, nk: number, shared = false) {
    if (shared) {
      this.owners = new Array<string | undefined>(INITIAL);
      this.fps = new Uint32Array(INITIAL);
      this.fpPrev = new Uint32Array(INITIAL);
      this.fpHead = new Map();
    }
    this.k = k;
    this.nk = nk;
    this.data = new Float32Array(INITIAL * k);
    this.keys = new Uint32Array(INITIAL * nk);
    this.prev = new Uint32Array(INITIAL * nk);
    this.seqs = new Uint32Array(INITIAL);
    this.rebuild();
  }

  get bytes(): number {
    return (
      this.data.byteLength +
      this.keys.byteLength +
      this.prev.byteLength +
      this.seqs.byteLength +
      this.table.byteLength +
      (this.owners ? 16 * this.owners.length + 48 * this.fpHead!.size : 0)
    );
  }

  #live(sq: number): boolean {
    return sq !== 0 && sq >= this.seq - this.size && this.seqs[sq % this.cap] === sq;
  }

  /** The newest live query holding `key` at key index t, or 0. */
  #head(key: number): number {
    const mask = (this.table.length >> 1) - 1;
    for (let i = key & mask; ; i = (i + 1) & mask) {
      const sq = this.table[2 * i + 1]!;
      if (sq === 0) return 0;
      if (this.table[2 * i] === key) return sq;
    }
  }

  #setHead(key: number, sq: number): void {
    const mask = (this.table.length >> 1) - 1;
    for (let i = key & mask; ; i = (i + 1) & mask) {
      if (this.table[2 * i + 1] === 0) {
        this.table[2 * i] = key;
        this.table[2 * i + 1] = sq;
        this.used++;
        return;
      }
      if (this.table[2 * i] === key) {
        this.table[2 * i + 1] = sq;
        return;
      }
    }
  }

  /** Re-chains the live queries' fingerprints, oldest first. */
  #rebuildFps(): void {
    if (!this.fps) return;
    this.fpHead!.clear();
    for (let sq = this.seq - this.size; sq < this.seq; sq++) this.#chainFp(sq);
  }

  #chainFp(sq: number): void {
    const slot = sq % this.cap;
    const fp = this.fps![slot]!;
    const head = this.fpHead!.get(fp) ?? 0;
    this.fpPrev![slot] = this.#live(head) && this.fps![head % this.cap] === fp ? head : 0;
    this.fpHead!.set(fp, sq);
  }

  /** Re-indexes the live queries, oldest first (after growing, or when stale keys fill the table). */
  rebuild(): void {
    let slots = 16;
    while (slots < 4 * this.cap * this.nk) slots *= 2;
    this.table = new Uint32Array(2 * slots);
    this.used = 0;
    for (let sq = this.seq - this.size; sq < this.seq; sq++) {
      const slot = sq % this.cap;
      for (let t = 0; t < this.nk; t++) {
        const key = this.keys[slot * this.nk + t]!;
        const head = this.#head(key);
        this.prev[slot * this.nk + t] =
          this.#live(head) && this.keys[(head % this.cap) * this.nk + t] === key ? head : 0;
        this.#setHead(key, sq);
      }
    }
  }

  /** Doubles the capacity (up to `max`) when full; returns the bytes added. */
  grow(max: number): number {
    if (this.size < this.cap || this.cap >= max) return 0;
    const before = this.bytes;
    const cap = Math.min(max, this.cap * 2);
    const data = new Float32Array(cap * this.k);
    const keys = new Uint32Array(cap * this.nk);
    const prev = new Uint32Array(cap * this.nk);
    const seqs = new Uint32Array(cap);
    const owners = this.owners ? new Array<string | undefined>(cap) : undefined;
    const fps = this.fps ? new Uint32Array(cap) : undefined;
    const fpPrev = this.fps ? new Uint32Array(cap) : undefined;
    for (let sq = this.seq - this.size; sq < this.seq; sq++) {
      const from = sq % this.cap;
      const to = sq % cap;
      data.set(this.data.subarray(from * this.k, (from + 1) * this.k), to * this.k);
      keys.set(this.keys.subarray(from * this.nk, (from + 1) * this.nk), to * this.nk);
      seqs[to] = sq;
      if (owners) owners[to] = this.owners![from];
      if (fps) fps[to] = this.fps![from]!;
    }
    Object.assign(this, { data, keys, prev, seqs, cap, owners, fps, fpPrev });
    this.rebuild();
    this.#rebuildFps();
    return this.bytes - before;
  }

  /** Candidates sharing a key with the query, newest first along each key's chain (at most `budget` per key). */
  find(
    v: Float32Array,
    qk: Uint32Array,
    budget: number,
    o: Comparison,
    skip?: string,
  ): StepMatch | undefined {
    for (let t = 0; t < this.nk; t++) {
      const key = qk[t]!;
      let sq = this.#head(key);
      for (let n = 0; n < budget && this.#live(sq); n++) {
        const slot = sq % this.cap;
        if (this.keys[slot * this.nk + t] !== key) break;
        const owner = this.owners?.[slot];
        if (owner !== skip || !this.owners) {
          const m = compare(v, this.data, slot * this.k, this.k, o);
          if (m) return { lag: this.seq - sq, ...m, ...(owner !== undefined ? { from: owner } : {}) };
        }
        sq = this.prev[slot * this.nk + t]!;
      }
    }
    return undefined;
  }

  /**
   * Whether an identity other than `skip` sent this very input (same fingerprint of the compared
   * features) among the ring's queries: then a step from someone's query is that shared input again
   * (the same natural image, say), not a child of theirs.
   */
  sentByOther(fp: number, skip: string): boolean {
    let sq = this.fpHead?.get(fp) ?? 0;
    for (let n = 0; n < 64 && this.#live(sq); n++) {
      const slot = sq % this.cap;
      if (this.fps![slot] !== fp) return false;
      if (this.owners![slot] !== skip) return true;
      sq = this.fpPrev![slot]!;
    }
    return false;
  }

  push(v: Float32Array, qk: Uint32Array, owner?: string, fp = 0): void {
    const sq = this.seq++;
    const slot = sq % this.cap;
    this.data.set(v, slot * this.k);
    this.seqs[slot] = sq;
    if (this.owners) {
      this.owners[slot] = owner;
      this.fps![slot] = fp;
      this.#chainFp(sq);
      if (this.fpHead!.size > 2 * this.cap) this.#rebuildFps();
    }
    for (let t = 0; t < this.nk; t++) {
      const key = qk[t]!;
      this.keys[slot * this.nk + t] = key;
      const head = this.#head(key);
      this.prev[slot * this.nk + t] =
        this.#live(head) && this.keys[(head % this.cap) * this.nk + t] === key ? head : 0;
      this.#setHead(key, sq);
    }
    if (this.size < this.cap) this.size++;
    if (this.used > this.table.length / 4) this.rebuild();
  }
}

/** How a comparison judges: the step test's thresholds, and the compared features' range if known. */
interface Comparison {
  readonly minMoved: number;
  readonly share: number;
  readonly tolerance: number;
  /** Unmoved features allowed strictly inside [lo, hi]. */
  readonly maxStill: number;
  readonly lo: Float32Array | undefined;
  readonly hi: Float32Array | undefined;
}

/** Compares v with one stored query; a match when the moved features move by one common amount. */
function compare(
  v: Float32Array,
  data: Float32Array,
  off: number,
  k: number,
  o: Comparison,
): { step: number; moved: number; equal: number } | undefined {
  let m = 0;
  let equal = 0;
  let partial = 0;
  let moved = 0;
  let still = 0;
  const hi = 1 + o.tolerance;
  const lo = 1 - o.tolerance;
  for (let j = 0; j < k; j++) {
    const a = v[j]!;
    const diff = Math.abs(a - data[off + j]!);
    if (diff <= 1e-6 * (a < 0 ? -a : a > 1 ? a : 1)) {
      // A Jacobian step moves every feature it can: one left still inside the range real inputs
      // take (not held at a bound by clipping) speaks against a step (noise leaves many still).
      if (o.lo && a > o.lo[j]! && a < o.hi![j]! && ++still > o.maxStill) return undefined;
      continue;
    }
    moved++;
    if (diff > m * hi) {
      // A larger move: the ones counted equal so far were clipped steps (or this is no step at all).
      partial += equal;
      equal = 1;
      m = diff;
    } else if (diff >= m * lo) equal++;
    else partial++;
    if (partial > 2 && partial > equal) return undefined;
  }
  if (moved < o.minMoved || equal < o.share * moved) return undefined;
  return { step: m, moved, equal };
}

/** FNV-1a over the float32 bits of the compared features. */
function fingerprint(v: Float32Array): number {
  const w = new Uint32Array(v.buffer, v.byteOffset, v.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i]!, 0x01000193);
  return h >>> 0;
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
