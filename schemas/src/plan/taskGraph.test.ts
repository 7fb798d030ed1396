import { describe, expect, it } from "vitest";
import { isTetError } from "../errors.js";
import { toNetwork } from "./network.js";
import { PlanCycleError } from "./planCycleError.js";
import { taskGraph } from "./taskGraph.js";

const code = (f: () => unknown) => {
  try {
    f();
    return "none";
  } catch (e) {
    if (!isTetError(e)) throw e;
    return `${e.code} at ${String(e.at)}`;
  }
};
const cycleOf = (tasks: Parameters<typeof taskGraph>[0]) => {
  try {
    taskGraph(tasks);
  } catch (e) {
    if (e instanceof PlanCycleError) return [e.cycle, e.message];
    throw e;
  }
  return "none";
};

describe("taskGraph", () => {
  it("orders tasks after their predecessors, ready ones in plan order", () => {
    const g = taskGraph([{ id: "c", after: [{ task: "a" }, { task: "b" }] }, { id: "b" }, { id: "a" }]);
    expect([...g.order].map((j) => g.ids[j])).toEqual(["b", "a", "c"]);
  });

  it("names the cycle, starting with the task the plan lists first, each a predecessor of the next", () => {
    expect(cycleOf([{ id: "a", after: [{ task: "a" }] }])).toEqual([
      ["a"],
      "the plan's links form a cycle: a → a",
    ]);
    const three = [
      { id: "x" },
      { id: "b", after: [{ task: "a" }] },
      { id: "c", after: [{ task: "b" }, { task: "x" }] },
      { id: "a", after: [{ task: "c" }] },
      { id: "y", after: [{ task: "a" }] },
    ];
    expect(cycleOf(three)).toEqual([["b", "c", "a"], "the plan's links form a cycle: b → c → a → b"]);
  });

  it("refuses duplicate ids, unknown predecessors and a second link to one predecessor", () => {
    expect(code(() => taskGraph([{ id: "a" }, { id: "a" }]))).toBe("PLAN_DUPLICATE_TASK at tasks[1].id");
    expect(code(() => taskGraph([{ id: "a", after: [{ task: "b" }] }]))).toBe(
      "PLAN_UNKNOWN_TASK at tasks[0].after[0].task",
    );
    expect(
      code(() => taskGraph([{ id: "a" }, { id: "b", after: [{ task: "a" }, { task: "a", type: "FF" }] }])),
    ).toBe("PLAN_DUPLICATE_LINK at tasks[1].after[1].task");
  });
});

describe("toNetwork (tasks given directly, not from a statement)", () => {
  it("turns durations and lags into ticks: 6·d, o + 4m + p, 6·lag; variance × 36 = (p − o)²", () => {
    const net = toNetwork([
      { id: "a", duration: 2 },
      { id: "b", pert: [1, 2, 9], after: [{ task: "a", lag: -1 }] },
    ]);
    expect([...net.duration]).toEqual([12, 18]);
    expect([...net.variance36]).toEqual([0, 64]);
    expect([...net.lagTicks]).toEqual([-6]);
  });

  it.each([
    ["no tasks", [], "PLAN_INVALID at tasks"],
    ["a fractional duration", [{ id: "a", duration: 1.5 }], "PLAN_INVALID at tasks[0].duration"],
    ["a negative duration", [{ id: "a", duration: -1 }], "PLAN_INVALID at tasks[0].duration"],
    ["neither estimate", [{ id: "a" }], "PLAN_INVALID at tasks[0]"],
    ["pert of two", [{ id: "a", pert: [1, 2] }], "PLAN_INVALID at tasks[0].pert"],
    ["pert out of order", [{ id: "a", pert: [3, 2, 4] }], "PLAN_INVALID at tasks[0].pert"],
    [
      "a fractional lag",
      [
        { id: "a", duration: 1 },
        { id: "b", duration: 1, after: [{ task: "a", lag: 0.5 }] },
      ],
      "PLAN_INVALID at tasks[1].after[0].lag",
    ],
    [
      "an unknown type",
      [
        { id: "a", duration: 1 },
        { id: "b", duration: 1, after: [{ task: "a", type: "XS" }] },
      ],
      "PLAN_INVALID at tasks[1].after[0].type",
    ],
  ])("refuses %s", (_, tasks, expected) => {
    expect(code(() => toNetwork(tasks as Parameters<typeof toNetwork>[0]))).toBe(expected);
  });
});
