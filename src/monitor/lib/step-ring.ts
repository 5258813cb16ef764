// One identity's (or one model's) recent queries for the Jacobian-step test, with an exact index:
// for pairs of compared features (a, b), a step keeps a − b or a + b unchanged whatever λ is, so a
// child shares a key with its parent and is found in a few hash probes. Bounded: a ring, grown on
// demand up to a cap; overwritten queries are recognised by their sequence number.

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
export function pairKeys(
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
export class StepRing {
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
export interface Comparison {
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
export function fingerprint(v: Float32Array): number {
  const w = new Uint32Array(v.buffer, v.byteOffset, v.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i]!, 0x01000193);
  return h >>> 0;
}
