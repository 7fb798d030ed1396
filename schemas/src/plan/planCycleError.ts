import { TetError } from "../errors.js";

/**
 * PLAN_CYCLE with the cycle named: `cycle` lists task ids in dependency order (each a predecessor
 * of the next, the last a predecessor of the first), starting with the one that comes first in the
 * plan. A task that lists itself is a cycle of one.
 */
export class PlanCycleError extends TetError {
  readonly cycle: readonly string[];

  constructor(cycle: readonly string[], at?: string) {
    super("PLAN_CYCLE", [...cycle, cycle[0]].join(" → "), at === undefined ? {} : { at });
    this.cycle = cycle;
  }
}
