import { FF, FS, SS } from "./linkTypes.js";
import type { Network } from "./network.js";
import type { Passes } from "./passes.js";

/** One critical path: task indexes from the project's start to its finish, and 36 × its PERT variance. */
export interface CriticalPath {
  readonly tasks: readonly number[];
  readonly variance36: number;
}

export interface CriticalPaths {
  /** Up to `max` critical paths, in a fixed order (depth first, tasks in plan order). */
  readonly paths: readonly CriticalPath[];
  /** How many critical paths there are, exactly (there may be exponentially many). */
  readonly count: bigint;
  /** The critical path whose PERT variance is largest (on ties, the first found). */
  readonly widest: CriticalPath;
}

const S = 0; // a path enters or leaves a task at its start…
const F = 1; // …or at its finish

/**
 * The critical paths: the maximal paths of the critical subgraph — tasks with zero total float,
 * joined by the links that bind in the forward pass (the link's bound equals the successor's early
 * start). Each runs from a task starting at 0 to one finishing at T (a critical task that starts
 * later has a binding link from a critical predecessor; one that finishes earlier, to a critical
 * successor). With SS/FF/SF links a path may enter a task at its start or finish and leave at
 * either: the task's duration is in the path's length exactly when it enters and leaves at
 * different ends (+d from start to finish, −d from finish to start), so its variance counts then
 * and only then. Paths are enumerated up to `max`, counted exactly by dynamic programming, and the
 * widest (largest variance, the conservative choice for the PERT deadline probability) found by
 * dynamic programming over (task, entry end).
 */
export function criticalPaths(net: Network, p: Passes, opts: { max: number }): CriticalPaths {
  const { size: n, order, predStart, predTask, predType, lagTicks, duration: d, variance36 } = net;
  const critical = (j: number) => p.totalFloat[j] === 0;
  const outNode: number[][] = Array.from({ length: n }, () => []);
  const outType: number[][] = Array.from({ length: n }, () => []);
  const hasIn = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    if (!critical(j)) continue;
    for (let e = predStart[j]!; e < predStart[j + 1]!; e++) {
      const i = predTask[e]!;
      const t = predType[e]!;
      const bound = t === FS ? p.ef[i]! : t === SS ? p.es[i]! : (t === FF ? p.ef[i]! : p.es[i]!) - d[j]!;
      if (critical(i) && bound + lagTicks[e]! === p.es[j]) {
        outNode[i]!.push(j);
        outType[i]!.push(t);
        hasIn[j] = 1;
      }
    }
  }
  const exitEnd = (t: number) => (t === FS || t === FF ? F : S);
  const entryEnd = (t: number) => (t === FS || t === SS ? S : F);
  const counted = (j: number, entry: number, exit: number) => (entry === exit ? 0 : variance36[j]!);

  // Exact count: ways[j] = number of critical paths from a source to j.
  const ways: bigint[] = new Array(n).fill(0n);
  let count = 0n;
  for (let k = 0; k < n; k++) {
    const j = order[k]!;
    if (!critical(j)) continue;
    if (!hasIn[j]) ways[j] = 1n;
    for (const s of outNode[j]!) ways[s] = ways[s]! + ways[j]!;
    if (outNode[j]!.length === 0) count += ways[j]!;
  }

  // Widest path: best[2j + entry] = largest variance36 of the tasks before j on a path entering j so.
  const best = new Float64Array(2 * n).fill(Number.NEGATIVE_INFINITY);
  const back = new Int32Array(2 * n).fill(-1);
  let end = -1;
  let endValue = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const j = order[k]!;
    if (!critical(j)) continue;
    if (!hasIn[j]) best[2 * j + S] = 0;
    for (const entry of [S, F]) {
      const here = best[2 * j + entry]!;
      if (here === Number.NEGATIVE_INFINITY) continue;
      const out = outNode[j]!;
      if (out.length === 0) {
        const v = here + counted(j, entry, F);
        if (v > endValue) [end, endValue] = [2 * j + entry, v];
      }
      for (let x = 0; x < out.length; x++) {
        const t = outType[j]![x]!;
        const state = 2 * out[x]! + entryEnd(t);
        const v = here + counted(j, entry, exitEnd(t));
        if (v > best[state]!) [best[state], back[state]] = [v, 2 * j + entry];
      }
    }
  }
  const widest: number[] = [];
  for (let s = end; s >= 0; s = back[s]!) widest.unshift(s >> 1);

  return {
    paths: enumerate({ n, critical, hasIn, outNode, outType, max: opts.max, exitEnd, entryEnd, counted }),
    count,
    widest: { tasks: widest, variance36: endValue },
  };
}

/** Depth-first enumeration of up to `max` source-to-sink paths of the critical subgraph. */
function enumerate(g: {
  n: number;
  critical: (j: number) => boolean;
  hasIn: Uint8Array;
  outNode: number[][];
  outType: number[][];
  max: number;
  exitEnd: (t: number) => number;
  entryEnd: (t: number) => number;
  counted: (j: number, entry: number, exit: number) => number;
}): CriticalPath[] {
  const paths: CriticalPath[] = [];
  for (let source = 0; source < g.n && paths.length < g.max; source++) {
    if (!g.critical(source) || g.hasIn[source]) continue;
    // Each frame: the task, how it was entered, the variance before it, the next out-edge to try.
    const stack = [{ j: source, entry: S, before: 0, next: 0 }];
    while (stack.length > 0 && paths.length < g.max) {
      const top = stack[stack.length - 1]!;
      const out = g.outNode[top.j]!;
      if (out.length === 0) {
        paths.push({ tasks: stack.map((f) => f.j), variance36: top.before + g.counted(top.j, top.entry, F) });
        stack.pop();
      } else if (top.next < out.length) {
        const t = g.outType[top.j]![top.next]!;
        const j = out[top.next++]!;
        stack.push({
          j,
          entry: g.entryEnd(t),
          before: top.before + g.counted(top.j, top.entry, g.exitEnd(t)),
          next: 0,
        });
      } else stack.pop();
    }
  }
  return paths;
}
