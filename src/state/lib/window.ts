// Window arithmetic shared by both backends, so in-process and Redis counters agree to the unit.

/** Units used in a sliding window: the previous window weighted by how much of it still overlaps. */
export function slidingUsed(prev: number, current: number, elapsedMs: number, windowMs: number): number {
  return prev * (1 - elapsedMs / windowMs) + current;
}

/** Ms until `cost` more units fit under `limit`. */
export function retryAfterMs(
  sliding: boolean,
  prev: number,
  current: number,
  elapsedMs: number,
  windowMs: number,
  cost: number,
  limit: number,
): number {
  const untilNext = windowMs - elapsedMs;
  if (!sliding || prev === 0 || cost > limit) return untilNext;
  // The previous window's weight falls linearly; find when enough of it has slid out.
  const excess = slidingUsed(prev, current, elapsedMs, windowMs) + cost - limit;
  const t = Math.ceil((excess * windowMs) / prev);
  return Math.max(1, Math.min(t, untilNext));
}
