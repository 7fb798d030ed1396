// Random plans for property tests (test support only).
import fc from "fast-check";
import type { ScheduleTask } from "../plan/index.js";
import { LINK_TYPES, type LinkType } from "../plan/index.js";
import type { OracleTask } from "./planOracle.js";

export interface Drawn {
  tasks: ScheduleTask[];
  oracle: OracleTask[];
}

/**
 * Random plans of 1..`max` tasks: durations 0–5 units or PERT triples, links between tasks of a
 * hidden topological rank (so the plan is acyclic), any of the four types, lags −3..3, and the
 * tasks listed in a random order so that plan order is not topological order.
 */
export function plans(max = 7): fc.Arbitrary<Drawn> {
  const estimate = fc.oneof(
    fc.integer({ min: 0, max: 5 }).map((d) => ({ duration: d })),
    fc
      .array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 })
      .map((x) => ({ pert: x.sort((a, b) => a - b) })),
  );
  const link = fc.record({
    a: fc.nat(),
    b: fc.nat(),
    type: fc.constantFrom(...LINK_TYPES),
    lag: fc.integer({ min: -3, max: 3 }),
  });
  return fc.integer({ min: 1, max: max }).chain((n) =>
    fc
      .tuple(
        fc.array(estimate, { minLength: n, maxLength: n }),
        fc.array(link, { maxLength: 2 * n }),
        fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      )
      .map(([estimates, links, order]) => {
        const position = new Array<number>(n);
        order.forEach((rank, p) => {
          position[rank] = p;
        });
        const after: { task: string; type: LinkType; lag: number; from: number }[][] = order.map(() => []);
        for (const { a, b, type, lag } of links) {
          const [i, j] = [Math.min(a % n, b % n), Math.max(a % n, b % n)]; // rank i before rank j
          if (i === j || after[position[j]!]!.some((l) => l.from === position[i])) continue;
          after[position[j]!]!.push({ task: `t${i}`, type, lag, from: position[i]! });
        }
        const tasks: ScheduleTask[] = order.map((rank, p) => ({
          id: `t${rank}`,
          ...estimates[rank]!,
          after: after[p]!.map(({ task, type, lag }) => ({ task, type, lag })),
        }));
        const oracle = tasks.map((t, p) => ({
          id: t.id,
          d: t.pert ? t.pert[0]! + 4 * t.pert[1]! + t.pert[2]! : 6 * t.duration!,
          links: after[p]!.map((l) => ({ from: l.from, type: l.type, lag: 6 * l.lag })),
        }));
        return { tasks, oracle };
      }),
  );
}
