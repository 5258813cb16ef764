// A fixed-size ring of recent query vectors in standard units, quantised to one byte per feature
// (1/16 of a standard deviation, clipped at ±7.9), so each identity's history costs K × d bytes.

const SCALE = 16;

export class VectorRing {
  readonly #data: Int8Array;
  readonly #dim: number;
  readonly #cap: number;
  #next = 0;
  #size = 0;

  constructor(capacity: number, dim: number) {
    this.#cap = capacity;
    this.#dim = dim;
    this.#data = new Int8Array(capacity * dim);
  }

  get size(): number {
    return this.#size;
  }

  get dim(): number {
    return this.#dim;
  }

  /** Quantises z-scores into a reusable buffer. */
  static quantise(z: ArrayLike<number>, out: Int8Array): Int8Array {
    for (let i = 0; i < out.length; i++) {
      const q = Math.round((z[i] ?? 0) * SCALE);
      out[i] = q > 127 ? 127 : q < -127 ? -127 : q;
    }
    return out;
  }

  /** Euclidean distance (standard units) from q to the nearest stored vector; Infinity when empty. */
  minDistance(q: Int8Array): number {
    let best = Infinity;
    const d = this.#dim;
    for (let s = 0; s < this.#size; s++) {
      const off = s * d;
      let acc = 0;
      for (let i = 0; i < d; i++) {
        const diff = q[i]! - this.#data[off + i]!;
        acc += diff * diff;
        if (acc >= best) break;
      }
      if (acc < best) best = acc;
    }
    return best === Infinity ? best : Math.sqrt(best) / SCALE;
  }

  push(q: Int8Array): void {
    this.#data.set(q.subarray(0, this.#dim), this.#next * this.#dim);
    this.#next = (this.#next + 1) % this.#cap;
    if (this.#size < this.#cap) this.#size++;
  }

  bytes(): number {
    return this.#data.byteLength;
  }
}

/** Distance in standard units between two quantised vectors. */
export function qdist(a: Int8Array, b: Int8Array, dim: number): number {
  let acc = 0;
  for (let i = 0; i < dim; i++) {
    const diff = a[i]! - b[i]!;
    acc += diff * diff;
  }
  return Math.sqrt(acc) / SCALE;
}

/** A ring of booleans with a running count: "how many of the last n were true". */
export class FlagRing {
  readonly #bits: Uint8Array;
  #next = 0;
  #size = 0;
  #ones = 0;

  constructor(capacity: number) {
    this.#bits = new Uint8Array(capacity);
  }

  push(v: boolean): void {
    if (this.#size === this.#bits.length) this.#ones -= this.#bits[this.#next]!;
    else this.#size++;
    this.#bits[this.#next] = v ? 1 : 0;
    this.#ones += v ? 1 : 0;
    this.#next = (this.#next + 1) % this.#bits.length;
  }

  get size(): number {
    return this.#size;
  }

  get ones(): number {
    return this.#ones;
  }

  share(): number {
    return this.#size ? this.#ones / this.#size : 0;
  }
}

/** A ring of numbers (min-distances for the normality test). */
export class NumberRing {
  readonly #v: Float32Array;
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    this.#v = new Float32Array(capacity);
  }

  push(x: number): void {
    this.#v[this.#next] = x;
    this.#next = (this.#next + 1) % this.#v.length;
    if (this.#size < this.#v.length) this.#size++;
  }

  get size(): number {
    return this.#size;
  }

  values(): Float32Array {
    return this.#v.subarray(0, this.#size);
  }
}
