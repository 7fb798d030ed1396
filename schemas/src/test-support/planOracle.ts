// A brute-force oracle for the schedule (test support only): longest paths in the event graph by
// Bellman-Ford relaxation, and floats and critical paths from their definitions, by trial.
import type { LinkType } from "../plan/index.js";

export interface OracleTask {
  id: string;
  d: number; // ticks
  links: { from: number; type: LinkType; lag: number }[]; // lag in ticks
}

type Edge = [from: number, to: number, w: number];
const S = (j: number) => 2 * j + 1; // event 0 is the project's start; 2j+1 = start of j, 2j+2 = finish
const F = (j: number) => 2 * j + 2;

function edges(tasks: OracleTask[], floor: Map<number, number> = new Map()): Edge[] {
  const out: Edge[] = [];
  tasks.forEach((t, j) => {
    out.push([0, S(j), floor.get(j) ?? 0], [S(j), F(j), t.d], [F(j), S(j), -t.d]);
    for (const l of t.links) {
      const from = l.type === "FS" || l.type === "FF" ? F(l.from) : S(l.from);
      const to = l.type === "FS" || l.type === "SS" ? S(j) : F(j);
      out.push([from, to, l.lag]);
    }
  });
  return out;
}

/** Longest distances from `source` by Bellman-Ford relaxation (no positive cycle in an acyclic plan). */
function longest(count: number, es: Edge[], source = 0): number[] {
  const dist = new Array(count).fill(Number.NEGATIVE_INFINITY);
  dist[source] = 0;
  for (let round = 0; round < count; round++)
    for (const [a, b, w] of es) if (dist[a] + w > dist[b]) dist[b] = dist[a] + w;
  return dist;
}

/** Earliest starts (and the finish T) of the plan, optionally with some tasks held back to `floor`. */
export function oracleEarly(tasks: OracleTask[], floor?: Map<number, number>) {
  const dist = longest(2 * tasks.length + 1, edges(tasks, floor));
  const es = tasks.map((_, j) => dist[S(j)]!);
  const ef = tasks.map((_, j) => dist[F(j)]!);
  return { es, ef, finish: Math.max(0, ...ef) };
}

/** Latest dates: T minus the longest path from each event to the end (relaxation on the reversed graph). */
export function oracleLate(tasks: OracleTask[], finish: number) {
  const end = 2 * tasks.length + 1;
  const reversed: Edge[] = edges(tasks).map(([a, b, w]) => [b, a, w]);
  for (let j = 0; j < tasks.length; j++) reversed.push([end, F(j), 0]);
  const dist = longest(end + 1, reversed, end);
  return {
    ls: tasks.map((_, j) => finish - dist[S(j)]!),
    lf: tasks.map((_, j) => finish - dist[F(j)]!),
  };
}

/**
 * Total and free float by their definitions: the largest delay of one task's start (all others as
 * early as they can) that keeps the project's finish (total), or every other task's early start and
 * the finish (free), found by trying every delay up to T.
 */
export function oracleFloats(tasks: OracleTask[]) {
  const base = oracleEarly(tasks);
  return tasks.map((_, j) => {
    let total = 0;
    let free = 0;
    let keepsOthers = true;
    for (let delay = 1; delay <= base.finish; delay++) {
      const held = oracleEarly(tasks, new Map([[j, base.es[j]! + delay]]));
      if (held.finish !== base.finish) break;
      total = delay;
      keepsOthers &&= held.es.every((x, k) => k === j || x === base.es[k]);
      if (keepsOthers) free = delay;
    }
    return { total, free };
  });
}

/**
 * Every critical path by brute force: all task sequences along links (every start, every branch),
 * kept when each task has zero total float, each link binds (its bound equals the successor's early
 * start) and the sequence cannot be extended at either end by such a link.
 */
export function oracleCriticalPaths(
  tasks: OracleTask[],
  early: { es: number[]; ef: number[] },
  critical: boolean[],
) {
  const tight = (j: number, l: OracleTask["links"][number]) => {
    const from = l.type === "FS" || l.type === "FF" ? early.ef[l.from]! : early.es[l.from]!;
    const minus = l.type === "FS" || l.type === "SS" ? 0 : tasks[j]!.d;
    return critical[l.from]! && critical[j]! && from + l.lag - minus === early.es[j];
  };
  const all: number[][] = [];
  const extend = (path: number[]) => {
    all.push(path);
    const last = path[path.length - 1]!;
    tasks.forEach((t, j) => {
      for (const l of t.links) if (l.from === last) extend([...path, j]);
    });
  };
  for (let j = 0; j < tasks.length; j++) extend([j]);
  const linkOf = (i: number, j: number) => tasks[j]!.links.find((l) => l.from === i)!;
  return all.filter(
    (p) =>
      p.every((j) => critical[j]) &&
      p.slice(1).every((j, k) => tight(j, linkOf(p[k]!, j))) &&
      !tasks[p[0]!]!.links.some((l) => tight(p[0]!, l)) &&
      !tasks.some((t, j) => t.links.some((l) => l.from === p[p.length - 1] && tight(j, l))),
  );
}
