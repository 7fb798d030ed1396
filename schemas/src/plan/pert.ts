import { normalCdf } from "./normalCdf.js";

/** The chance of finishing by a deadline, and its z-score. */
export interface DeadlineChance {
  readonly z: number;
  readonly probability: number;
}

/**
 * P(T ≤ deadline) for a project of PERT expected duration `expected` and variance `variance` (time
 * units, units²), by the normal approximation of classic PERT (Malcolm, Roseboom, Clark & Fazar,
 * Operations Research 7(5), 1959): T's distribution is taken as normal with the mean and variance
 * of the critical path (by the central limit theorem over its tasks), so P = Φ((D − TE)/σ). It
 * ignores near-critical paths, so it is optimistic when several paths are close (the merge bias,
 * MacCrimmon & Ryavec 1964). With zero variance the finish is certain: P is 1 or 0.
 */
export function deadlineChance(opts: {
  expected: number;
  variance: number;
  deadline: number;
}): DeadlineChance {
  const { expected, variance, deadline } = opts;
  if (variance === 0) {
    const met = deadline >= expected;
    return { z: met ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY, probability: met ? 1 : 0 };
  }
  const z = (deadline - expected) / Math.sqrt(variance);
  return { z, probability: normalCdf(z) };
}
