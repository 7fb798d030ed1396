import { criticalPaths } from "./criticalPaths.js";
import { type ScheduleTask, toNetwork } from "./network.js";
import { passes } from "./passes.js";
import { deadlineChance } from "./pert.js";
import { TICKS_PER_UNIT, type TimeUnit, UNIT_MS } from "./timeUnits.js";

/** What `schedule` reads of a plan: its tasks, and its start, unit and deadline for the probability. */
export interface ScheduleInput {
  readonly tasks: readonly ScheduleTask[];
  readonly start?: number;
  readonly unit?: TimeUnit;
  readonly deadline?: number;
}

export interface ScheduleOptions {
  /** The deadline in time units after the start (default: the plan's `deadline`, if it has one). */
  deadline?: number;
  /** How many critical paths to list at most (default 64); they are always counted in full. */
  maxPaths?: number;
}

/** One task's schedule. Dates and floats are in ticks (1/6 of the plan's time unit) after the start. */
export interface TaskSchedule {
  readonly id: string;
  /** Expected duration in ticks: 6·d, or o + 4m + p (PERT te = (o + 4m + p)/6 units). */
  readonly duration: number;
  readonly es: number;
  readonly ef: number;
  readonly ls: number;
  readonly lf: number;
  readonly totalFloat: number;
  readonly freeFloat: number;
  readonly critical: boolean;
  /** PERT variance ((p − o)/6)² in units² (0 for a single duration). */
  readonly variance: number;
}

export interface Schedule {
  /** Per task, in plan order. */
  readonly tasks: readonly TaskSchedule[];
  /** The project's (expected) duration in ticks. */
  readonly finish: number;
  /** Up to `maxPaths` critical paths (task ids from start to finish) with their PERT variance (units²). */
  readonly criticalPaths: readonly { readonly tasks: readonly string[]; readonly variance: number }[];
  /** How many critical paths there are in all. */
  readonly criticalPathCount: bigint;
  /** PERT: expected duration, variance and σ along the widest critical path (units); the deadline's chance. */
  readonly pert: {
    readonly expected: number;
    readonly variance: number;
    readonly sd: number;
    readonly path: readonly string[];
    readonly deadline?: number;
    readonly z?: number;
    readonly probability?: number;
  };
}

/**
 * The schedule of a plan: forward and backward passes (earliest and latest start and finish), total
 * and free float (the whitepaper's time reserves), the critical paths, and PERT — the expected
 * duration, its variance and σ along the critical path with the largest variance, and the
 * probability of meeting the deadline (normal approximation, `deadlineChance`). Pure and
 * deterministic; exact integer arithmetic in ticks. Throws TetError PLAN_* for a bad plan, and
 * PlanCycleError (PLAN_CYCLE) naming the cycle.
 *
 * @example
 * const s = schedule({ tasks: [{ id: "a", duration: 2 }, { id: "b", duration: 3, after: [{ task: "a" }] }] });
 * s.finish / 6 // 5 (units)
 */
export function schedule(plan: ScheduleInput, options: ScheduleOptions = {}): Schedule {
  const net = toNetwork(plan.tasks);
  const p = passes(net);
  const cp = criticalPaths(net, p, { max: options.maxPaths ?? 64 });
  const names = (path: readonly number[]) => path.map((j) => net.ids[j]!);
  const tasks = net.ids.map((id, j) => ({
    id,
    duration: net.duration[j]!,
    es: p.es[j]!,
    ef: p.ef[j]!,
    ls: p.ls[j]!,
    lf: p.lf[j]!,
    totalFloat: p.totalFloat[j]!,
    freeFloat: p.freeFloat[j]!,
    critical: p.totalFloat[j] === 0,
    variance: net.variance36[j]! / 36,
  }));
  const expected = p.finish / TICKS_PER_UNIT;
  const variance = cp.widest.variance36 / 36;
  const deadline =
    options.deadline ??
    (plan.deadline !== undefined && plan.start !== undefined && plan.unit !== undefined
      ? (plan.deadline - plan.start) / UNIT_MS[plan.unit]
      : undefined);
  return {
    tasks,
    finish: p.finish,
    criticalPaths: cp.paths.map((c) => ({ tasks: names(c.tasks), variance: c.variance36 / 36 })),
    criticalPathCount: cp.count,
    pert: {
      expected,
      variance,
      sd: Math.sqrt(variance),
      path: names(cp.widest.tasks),
      ...(deadline === undefined ? {} : { deadline, ...deadlineChance({ expected, variance, deadline }) }),
    },
  };
}
