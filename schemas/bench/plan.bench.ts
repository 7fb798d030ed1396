// Network planning (issue 18): the CPM/PERT schedule of a 10,000-task DAG (time and heap), and the
// schedule and Merkle root of a plan statement's largest size (256 tasks).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { PLAN_EXAMPLE } from "@tet/schemas/test-support";
import { opsPerSecond, quantile, report } from "../../scripts/bench/report.js";
import { type Plan, planRoot, type ScheduleTask, schedule } from "../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const suite = "schemas";

/** A seeded random DAG: each task after up to 3 of the 50 before it, 70 % FS, lags −2..5, PERT or fixed. */
function randomDag(n: number, seed: number): ScheduleTask[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0; // LCG (Numerical Recipes)
    return s / 2 ** 32;
  };
  const types = ["FS", "FS", "FS", "FS", "FS", "FS", "FS", "SS", "FF", "SF"] as const;
  return Array.from({ length: n }, (_, j) => {
    const preds = new Set<number>();
    for (let k = Math.floor(rand() * 4); k > 0 && j > 0; k--)
      preds.add(j - 1 - Math.floor(rand() * Math.min(j, 50)));
    const m = 1 + Math.floor(rand() * 20);
    return {
      id: `t${j}`,
      ...(rand() < 0.5 ? { duration: m } : { pert: [Math.max(0, m - 3), m, m + Math.floor(rand() * 10)] }),
      after: [...preds].map((i) => ({
        task: `t${i}`,
        type: types[Math.floor(rand() * types.length)]!,
        lag: Math.floor(rand() * 8) - 2,
      })),
    };
  });
}

const big = randomDag(10_000, 18);
const links = big.reduce((sum, t) => sum + (t.after?.length ?? 0), 0);
for (let i = 0; i < 3; i++) schedule({ tasks: big }); // warm up
const times: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  schedule({ tasks: big });
  times.push(performance.now() - t0);
}
const first = schedule({ tasks: big }, { deadline: 2000 });
const critical = first.tasks.filter((t) => t.critical).length;
report({
  suite,
  name: "schedule, 10,000-task DAG",
  value: quantile(times, 0.5),
  unit: "ms",
  note: `median of 20 (${quantile(times, 0).toFixed(1)}–${quantile(times, 1).toFixed(1)}); ${links} links, ${critical} critical tasks, ${first.criticalPathCount} critical path(s)`,
});

gc();
const before = process.memoryUsage().heapUsed;
const kept = schedule({ tasks: big });
const during = process.memoryUsage().heapUsed - before;
gc();
const retained = process.memoryUsage().heapUsed - before;
report({
  suite,
  name: "schedule, 10,000-task DAG: heap allocated",
  value: during / 2 ** 20,
  unit: "MiB",
  note: "heapUsed growth over one run, no GC in between (the input tasks excluded)",
});
report({
  suite,
  name: "schedule, 10,000-task DAG: heap retained",
  value: retained / 2 ** 20,
  unit: "MiB",
  note: `the Schedule object (${kept.tasks.length} task rows) after a full GC`,
});

const tasks256: Plan["tasks"] = randomDag(256, 7).map((t, i) => ({
  ...t,
  title: `Task ${i}`,
})) as Plan["tasks"];
const plan256: Plan = { ...PLAN_EXAMPLE.plan, tasks: tasks256 };
report({
  suite,
  name: "schedule, 256-task plan",
  value: opsPerSecond(() => schedule(plan256)),
  unit: "ops/s",
});
report({
  suite,
  name: "planRoot, 256-task plan",
  value: opsPerSecond(() => planRoot(plan256)),
  unit: "ops/s",
  note: "257 leaves, SHA-256 (noble)",
});
