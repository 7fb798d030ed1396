import { TetError } from "../errors.js";
import { type LinkType, linkCode } from "./linkTypes.js";
import { PlanCycleError } from "./planCycleError.js";

/** What the graph needs of a task: its id and its links to predecessors. */
export interface GraphTask {
  readonly id: string;
  readonly after?: readonly { readonly task: string; readonly type?: LinkType; readonly lag?: number }[];
}

/**
 * A plan's precedence graph in compressed rows: the links into task j are
 * `predTask/predType/predLag[predStart[j] .. predStart[j + 1])`, in the order the plan lists them;
 * `order` is a topological order (every task after its predecessors). Lags are in time units.
 */
export interface TaskGraph {
  readonly size: number;
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly predStart: Int32Array;
  readonly predTask: Int32Array;
  readonly predType: Uint8Array;
  readonly predLag: Int32Array;
  readonly order: Int32Array;
}

/**
 * Indexes a plan's tasks and checks its links: ids unique (PLAN_DUPLICATE_TASK), every link names
 * a task of the plan (PLAN_UNKNOWN_TASK), at most one link per pair (PLAN_DUPLICATE_LINK, as in MS
 * Project and P6), and no cycle (PlanCycleError, PLAN_CYCLE, with the cycle's task ids). The
 * topological order is Kahn's (1962), deterministic: ready tasks are taken in plan order.
 */
export function taskGraph(tasks: readonly GraphTask[], opts: { path?: string } = {}): TaskGraph {
  const path = opts.path ?? "tasks"; // where errors say the defect is
  const n = tasks.length;
  const index = new Map<string, number>();
  const ids = tasks.map((t, i) => {
    if (index.has(t.id)) throw new TetError("PLAN_DUPLICATE_TASK", t.id, { at: `${path}[${i}].id` });
    index.set(t.id, i);
    return t.id;
  });
  const predStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) predStart[j + 1] = predStart[j]! + (tasks[j]!.after?.length ?? 0);
  const m = predStart[n]!;
  const predTask = new Int32Array(m);
  const predType = new Uint8Array(m);
  const predLag = new Int32Array(m);
  const seen = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) {
    let e = predStart[j]!;
    for (const [k, link] of (tasks[j]!.after ?? []).entries()) {
      const i = index.get(link.task);
      const at = `${path}[${j}].after[${k}].task`;
      if (i === undefined) throw new TetError("PLAN_UNKNOWN_TASK", `${ids[j]} after ${link.task}`, { at });
      if (seen[i] === j) throw new TetError("PLAN_DUPLICATE_LINK", `${ids[j]} after ${link.task}`, { at });
      seen[i] = j;
      predTask[e] = i;
      predType[e] = linkCode(link.type);
      predLag[e++] = link.lag ?? 0;
    }
  }
  const order = topologicalOrder({ n, predStart, predTask, ids }, path);
  return { size: n, ids, index, predStart, predTask, predType, predLag, order };
}

function topologicalOrder(
  g: { n: number; predStart: Int32Array; predTask: Int32Array; ids: readonly string[] },
  path: string,
): Int32Array {
  const { n, predStart, predTask } = g;
  const indegree = new Int32Array(n);
  const succCount = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    indegree[j] = predStart[j + 1]! - predStart[j]!;
    for (let e = predStart[j]!; e < predStart[j + 1]!; e++) succCount[predTask[e]! + 1]!++;
  }
  for (let i = 0; i < n; i++) succCount[i + 1]! += succCount[i]!;
  const succ = new Int32Array(predTask.length);
  const fill = succCount.slice(0, n);
  for (let j = 0; j < n; j++)
    for (let e = predStart[j]!; e < predStart[j + 1]!; e++) succ[fill[predTask[e]!]!++] = j;
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let j = 0; j < n; j++) if (indegree[j] === 0) order[tail++] = j;
  while (head < tail) {
    const i = order[head++]!;
    for (let e = succCount[i]!; e < succCount[i + 1]!; e++) {
      const j = succ[e]!;
      if (--indegree[j]! === 0) order[tail++] = j;
    }
  }
  if (tail < n) throw new PlanCycleError(findCycle(g, indegree), path);
  return order;
}

/**
 * A cycle among the tasks Kahn's algorithm could not order (indegree > 0: each still has a
 * predecessor among them). Walks back from the first such task through its first such predecessor
 * until a task repeats; the repeated stretch, reversed, is a cycle in dependency order.
 */
function findCycle(
  g: { n: number; predStart: Int32Array; predTask: Int32Array; ids: readonly string[] },
  indegree: Int32Array,
): string[] {
  const stuck = (i: number) => indegree[i]! > 0;
  let current = 0;
  while (!stuck(current)) current++;
  const position = new Map<number, number>();
  const walk: number[] = [];
  while (!position.has(current)) {
    position.set(current, walk.length);
    walk.push(current);
    let next = -1;
    for (let e = g.predStart[current]!; e < g.predStart[current + 1]! && next < 0; e++)
      if (stuck(g.predTask[e]!)) next = g.predTask[e]!;
    current = next;
  }
  const cycle = walk.slice(position.get(current)).reverse();
  let first = 0;
  for (let k = 1; k < cycle.length; k++) if (cycle[k]! < cycle[first]!) first = k;
  return [...cycle.slice(first), ...cycle.slice(0, first)].map((i) => g.ids[i]!);
}
