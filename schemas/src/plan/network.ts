import { TetError } from "../errors.js";
import { linkCode } from "./linkTypes.js";
import { MAX_SCHEDULE_TASKS, PLAN_LIMITS } from "./planLimits.js";
import { type GraphTask, type TaskGraph, taskGraph } from "./taskGraph.js";
import { TICKS_PER_UNIT } from "./timeUnits.js";

/** What scheduling needs of a task: id, links, and one duration or a PERT triple [o, m, p]. */
export interface ScheduleTask extends GraphTask {
  readonly duration?: number;
  readonly pert?: readonly number[];
}

/**
 * A plan as integers, ready for the passes: the graph, and per task its expected duration in ticks
 * (6·d, or o + 4m + p for PERT: te = (o + 4m + p)/6 units exactly) and 36 × its PERT variance
 * ((p − o)², so that variance = ((p − o)/6)² is exact); lags in ticks (6 × units).
 */
export interface Network extends TaskGraph {
  readonly duration: Int32Array;
  readonly variance36: Float64Array;
  readonly lagTicks: Int32Array;
}

const bad = (at: string, why: string): never => {
  throw new TetError("PLAN_INVALID", `${at}: ${why}`, { at });
};

function estimate(v: unknown, at: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0 || v > PLAN_LIMITS.duration)
    return bad(at, `expected an integer 0..${PLAN_LIMITS.duration}`);
  return v;
}

/**
 * Checks and converts tasks (from a plan statement, or built directly as the bench does) into a
 * `Network`. Refuses, with PLAN_INVALID, what a plan statement could not carry: neither or both of
 * `duration` and `pert`, o ≤ m ≤ p broken, estimates or lags out of bounds, more than
 * MAX_SCHEDULE_TASKS tasks; and the graph's defects with their own codes (see `taskGraph`).
 */
export function toNetwork(tasks: readonly ScheduleTask[]): Network {
  if (tasks.length === 0 || tasks.length > MAX_SCHEDULE_TASKS)
    bad("tasks", `expected 1..${MAX_SCHEDULE_TASKS} tasks`);
  for (const [j, t] of tasks.entries())
    for (const [k, link] of (t.after ?? []).entries()) {
      const at = `tasks[${j}].after[${k}]`;
      if (link.type !== undefined && linkCode(link.type) < 0) bad(`${at}.type`, "expected FS, SS, FF or SF");
      const lag = link.lag ?? 0;
      if (!Number.isSafeInteger(lag) || Math.abs(lag) > PLAN_LIMITS.lag)
        bad(`${at}.lag`, `expected an integer within ±${PLAN_LIMITS.lag}`);
    }
  const graph = taskGraph(tasks);
  const n = graph.size;
  let varianceSum = 0;
  const duration = new Int32Array(n);
  const variance36 = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const t = tasks[j]!;
    const at = `tasks[${j}]`;
    if ((t.duration === undefined) === (t.pert === undefined)) bad(at, "give either duration or pert");
    if (t.pert !== undefined) {
      if (t.pert.length !== 3) bad(`${at}.pert`, "expected [optimistic, most likely, pessimistic]");
      const [o, m, p] = t.pert.map((x, k) => estimate(x, `${at}.pert[${k}]`)) as [number, number, number];
      if (!(o <= m && m <= p)) bad(`${at}.pert`, "expected optimistic ≤ most likely ≤ pessimistic");
      duration[j] = o + 4 * m + p; // PERT mean in ticks: 6 × (o + 4m + p)/6
      variance36[j] = (p - o) * (p - o); // 36 × ((p − o)/6)²
      varianceSum += variance36[j]!;
    } else duration[j] = TICKS_PER_UNIT * estimate(t.duration, `${at}.duration`);
  }
  // Sums of variances along any path stay exact integers (always so for a plan statement's 256 tasks).
  if (varianceSum > Number.MAX_SAFE_INTEGER) bad("tasks", "PERT ranges too wide to sum exactly");
  const lagTicks = graph.predLag.map((lag) => TICKS_PER_UNIT * lag);
  return { ...graph, duration, variance36, lagTicks };
}
