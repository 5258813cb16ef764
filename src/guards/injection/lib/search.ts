// Binary search over sorted positions, shared by the trainer (features inside an instance) and the
// rules (a family match inside an instance).

/** The first index of sorted `xs` whose value is at least `x` (`xs.length` when none is). */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
