import { FF, FS, SS } from "./linkTypes.js";
import type { Network } from "./network.js";

/** The result of the forward and backward passes, per task in plan order, all in ticks. */
export interface Passes {
  /** The project's duration: the latest early finish. */
  readonly finish: number;
  readonly es: Float64Array;
  readonly ef: Float64Array;
  readonly ls: Float64Array;
  readonly lf: Float64Array;
  /** LS − ES: how far a task may slip without moving the project's finish. */
  readonly totalFloat: Float64Array;
  /** How far a task may slip, all others at their early dates, without moving any successor or the finish. */
  readonly freeFloat: Float64Array;
}

/**
 * The critical path method's two passes over a network (Kelley & Walker 1959; with SS/FF/SF links
 * and lags as MS Project and P6 compute them). Forward, in topological order:
 * ES_j = max(0, max over links of `linkBound`) — no task starts before the project — and
 * EF_j = ES_j + d_j. Backward, in reverse order, from LF = T (the project's finish) for every task:
 * a link i → k bounds LF_i by FS: LS_k − lag; SS: LS_k − lag + d_i; FF: LF_k − lag;
 * SF: LF_k − lag + d_i. Free float is the least slack of a task's outgoing links
 * (FS: ES_k − lag − EF_i; SS: ES_k − lag − ES_i; FF: EF_k − lag − EF_i; SF: EF_k − lag − ES_i)
 * and T − EF_i. Integer ticks throughout, so every figure is exact. O(tasks + links). The rules are
 * those of Hendrickson & Au, Project Management for Construction (2nd ed., 2008), §10.7
 * "Calculations for Scheduling with Leads, Lags and Windows", without windows.
 */
export function passes(net: Network): Passes {
  const { size: n, order, predStart, predTask, predType, lagTicks, duration: d } = net;
  const es = new Float64Array(n);
  const ef = new Float64Array(n);
  let finish = 0;
  for (let k = 0; k < n; k++) {
    const j = order[k]!;
    let start = 0;
    for (let e = predStart[j]!; e < predStart[j + 1]!; e++) {
      const i = predTask[e]!;
      const t = predType[e]!;
      const bound = t === FS ? ef[i]! : t === SS ? es[i]! : (t === FF ? ef[i]! : es[i]!) - d[j]!;
      if (bound + lagTicks[e]! > start) start = bound + lagTicks[e]!;
    }
    es[j] = start;
    ef[j] = start + d[j]!;
    if (ef[j]! > finish) finish = ef[j]!;
  }
  const lf = new Float64Array(n).fill(finish);
  const ls = new Float64Array(n);
  const freeFloat = new Float64Array(n);
  for (let j = 0; j < n; j++) freeFloat[j] = finish - ef[j]!;
  for (let k = n - 1; k >= 0; k--) {
    const j = order[k]!; // every successor of j is final by now
    ls[j] = lf[j]! - d[j]!;
    for (let e = predStart[j]!; e < predStart[j + 1]!; e++) {
      const i = predTask[e]!;
      const t = predType[e]!;
      const lag = lagTicks[e]!;
      const late = (t === FS ? ls[j]! : t === SS ? ls[j]! + d[i]! : t === FF ? lf[j]! : lf[j]! + d[i]!) - lag;
      if (late < lf[i]!) lf[i] = late;
      const slack = (t === FS || t === SS ? es[j]! : ef[j]!) - lag - (t === FS || t === FF ? ef[i]! : es[i]!);
      if (slack < freeFloat[i]!) freeFloat[i] = slack;
    }
  }
  const totalFloat = new Float64Array(n);
  for (let j = 0; j < n; j++) totalFloat[j] = ls[j]! - es[j]!;
  return { finish, es, ef, ls, lf, totalFloat, freeFloat };
}
