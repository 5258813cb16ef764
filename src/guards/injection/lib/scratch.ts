// Typed arrays the scorer reuses from call to call. Scoring is synchronous, so a call is done with
// them before the next begins; on this kind of machine a fresh megabyte-sized array costs more in
// page faults (and a growing JS array in copies) than the work that fills it. Each buffer is kept up
// to a cap, so one huge request does not pin its memory: past the cap, a call gets arrays of its own.

type Typed = Int32Array | Uint16Array | Float64Array;

/** One reusable typed array. */
export class Scratch<T extends Typed> {
  private kept: T;
  private readonly make: (n: number) => T;
  private readonly max: number;

  constructor(make: (n: number) => T, max: number, initial = 0) {
    this.make = make;
    this.max = max;
    this.kept = make(initial);
  }

  /** At least `n` entries, contents unspecified: the kept array, a larger one kept from now on, or past the cap the call's own. */
  atLeast(n: number): T {
    if (n > this.max) return this.make(n);
    if (this.kept.length < n) this.kept = this.make(Math.min(this.max, Math.max(n, 2 * this.kept.length)));
    return this.kept;
  }

  /** Twice `a`'s room with its contents; kept from now on when within the cap. */
  grown(a: T): T {
    const g = doubled(a, this.make);
    if (g.length <= this.max) this.kept = g;
    return g;
  }
}

/** Twice `a`'s room with its contents, kept by no one (for callers whose result must outlive the next call). */
export function doubled<T extends Typed>(a: T, make: (n: number) => T): T {
  const g = make(Math.max(1, a.length * 2));
  g.set(a);
  return g;
}

export const int32 = (n: number): Int32Array => new Int32Array(n);
export const uint16 = (n: number): Uint16Array => new Uint16Array(n);
export const float64 = (n: number): Float64Array => new Float64Array(n);
