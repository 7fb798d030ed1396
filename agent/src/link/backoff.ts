/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * attempt n waits a uniformly random time in [0, min(max, min·2ⁿ)], so a fleet of devices that lost
 * the broker at the same moment does not return in lockstep.
 */
export function backoffDelay(
  attempt: number,
  o: { minMs: number; maxMs: number; random?: () => number },
): number {
  const ceiling = Math.min(o.maxMs, o.minMs * 2 ** Math.min(attempt, 30));
  return Math.max(o.minMs / 2, (o.random ?? Math.random)() * ceiling);
}
