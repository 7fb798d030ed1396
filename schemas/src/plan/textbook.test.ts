// The schedule on published examples with their known answers. Each expected figure below is the
// source's; where a figure is ours (not in the source), the comment says so.
import { describe, expect, it } from "vitest";
import type { ScheduleTask } from "./network.js";
import { schedule } from "./schedule.js";

type Row = [id: string, after: string, duration: number | [number, number, number]];

/** Tasks from compact rows: "A,B" or "A:FS2,C:SF-1" (type and lag in units), FS by default. */
function tasks(rows: Row[]): ScheduleTask[] {
  return rows.map(([id, after, d]) => ({
    id,
    ...(Array.isArray(d) ? { pert: d } : { duration: d }),
    after: after
      .split(",")
      .filter((x) => x !== "")
      .map((x) => {
        const [task, rel] = x.split(":") as [string, string | undefined];
        if (rel === undefined) return { task };
        const type = rel.slice(0, 2) as "FS" | "SS" | "FF" | "SF";
        return { task, type, lag: Number(rel.slice(2) || 0) };
      }),
  }));
}

/** The table of a schedule in units: id → [ES, EF, LS, LF, total float]. */
const table = (s: ReturnType<typeof schedule>) =>
  Object.fromEntries(s.tasks.map((t) => [t.id, [t.es, t.ef, t.ls, t.lf, t.totalFloat].map((x) => x / 6)]));

describe("Hillier & Lieberman, Introduction to Operations Research, 8th ed. (McGraw-Hill, 2005), ch. 10 'Project Management with PERT/CPM': the Reliable Construction Co. project", () => {
  // Durations in weeks; three-point estimates (o, m, p) of the same chapter's PERT section, some
  // with half weeks, so the plan's unit here is the half week (every figure × 2).
  const rows: [string, string, number, [number, number, number]][] = [
    ["A", "", 2, [1, 2, 3]],
    ["B", "A", 4, [2, 3.5, 8]],
    ["C", "B", 10, [6, 9, 18]],
    ["D", "C", 6, [4, 5.5, 10]],
    ["E", "C", 4, [1, 4.5, 5]],
    ["F", "E", 5, [4, 4, 10]],
    ["G", "D", 7, [5, 6.5, 11]],
    ["H", "E,G", 9, [5, 8, 17]],
    ["I", "C", 7, [3, 7.5, 9]],
    ["J", "F,I", 8, [3, 9, 9]],
    ["K", "J", 4, [4, 4, 4]],
    ["L", "J", 5, [1, 5.5, 7]],
    ["M", "H", 2, [1, 2, 3]],
    ["N", "K,L", 6, [5, 5.5, 9]],
  ];

  it("CPM: 44 weeks; critical path A B C E F J L N; slack D, G, H, M 4, I 2, K 1", () => {
    const s = schedule({ tasks: tasks(rows.map(([id, after, d]) => [id, after, d])) });
    expect(s.finish / 6).toBe(44);
    expect(s.criticalPaths.map((p) => p.tasks)).toEqual([["A", "B", "C", "E", "F", "J", "L", "N"]]);
    expect(s.criticalPathCount).toBe(1n);
    const slack = Object.fromEntries(s.tasks.map((t) => [t.id, t.totalFloat / 6]));
    expect(slack).toEqual({
      A: 0,
      B: 0,
      C: 0,
      D: 4,
      E: 0,
      F: 0,
      G: 4,
      H: 4,
      I: 2,
      J: 0,
      K: 1,
      L: 0,
      M: 4,
      N: 0,
    });
    // Earliest and latest times of the chapter's table: e.g. D (ES 16, LS 20), H (29, 33), K (33, 34).
    expect(table(s).D).toEqual([16, 22, 20, 26, 4]);
    expect(table(s).H).toEqual([29, 38, 33, 42, 4]);
    expect(table(s).K).toEqual([33, 37, 34, 38, 1]);
    // Free float (ours, by definition: ES of the successor − EF): only M, I, K have any.
    const free = Object.fromEntries(
      s.tasks.filter((t) => t.freeFloat > 0).map((t) => [t.id, t.freeFloat / 6]),
    );
    expect(free).toEqual({ I: 2, K: 1, M: 4 });
  });

  it("PERT: mean critical path 44 weeks, variance 9, P(finish within the 47-week deadline) = Φ(1) ≈ 0.84", () => {
    const half = rows.map(([id, after, , [o, m, p]]): Row => [id, after, [2 * o, 2 * m, 2 * p]]);
    const s = schedule({ tasks: tasks(half) }, { deadline: 2 * 47 });
    expect(s.pert.expected / 2).toBe(44);
    expect(s.pert.variance / 4).toBeCloseTo(9, 12);
    expect(s.pert.path).toEqual(["A", "B", "C", "E", "F", "J", "L", "N"]);
    expect(s.pert.z).toBeCloseTo(1, 12);
    expect(s.pert.probability).toBeCloseTo(0.8413447460685429, 12);
    expect(s.pert.probability!.toFixed(2)).toBe("0.84");
  });
});

describe("Heizer & Render, Operations Management, 10th ed. (Pearson, 2011), ch. 3 'Project Management': Milwaukee Paper Manufacturing", () => {
  const pert: Row[] = [
    ["A", "", [1, 2, 3]],
    ["B", "", [2, 3, 4]],
    ["C", "A", [1, 2, 3]],
    ["D", "A,B", [2, 4, 6]],
    ["E", "C", [1, 4, 7]],
    ["F", "C", [1, 2, 9]],
    ["G", "D,E", [3, 4, 11]],
    ["H", "F,G", [1, 2, 3]],
  ];

  it("CPM on the expected times: 15 weeks, critical path A C E G H, slack B 1, D 1, F 6", () => {
    const s = schedule({ tasks: tasks(pert) });
    expect(s.finish / 6).toBe(15);
    expect(s.criticalPaths.map((p) => p.tasks)).toEqual([["A", "C", "E", "G", "H"]]);
    expect(table(s)).toEqual({
      A: [0, 2, 0, 2, 0],
      B: [0, 3, 1, 4, 1],
      C: [2, 4, 2, 4, 0],
      D: [3, 7, 4, 8, 1],
      E: [4, 8, 4, 8, 0],
      F: [4, 7, 10, 13, 6],
      G: [8, 13, 8, 13, 0],
      H: [13, 15, 13, 15, 0],
    });
  });

  it("PERT: project variance 3.11 (σ 1.76 weeks); P(≤ 16 weeks) = Φ(0.57) = .7157 with z rounded as the book does", () => {
    const s = schedule({ tasks: tasks(pert) }, { deadline: 16 });
    expect(s.pert.variance).toBeCloseTo(112 / 36, 12); // .11 + .11 + 1.00 + 1.78 + .11
    expect(s.pert.variance.toFixed(2)).toBe("3.11");
    expect(s.pert.sd.toFixed(2)).toBe("1.76");
    expect(s.pert.z!.toFixed(2)).toBe("0.57");
    expect(s.tasks.map((t) => t.variance.toFixed(2))).toEqual([
      "0.11",
      "0.11",
      "0.11",
      "0.44",
      "1.00",
      "1.78",
      "1.78",
      "0.11",
    ]);
    // Unrounded z = 0.5669…, so Φ(z) = 0.7146; the book's .7157 is Φ(0.57).
    expect(s.pert.probability).toBeCloseTo(0.71465, 4);
  });
});

describe("Engineer4Free, 'Difficult network diagram example with lag solved', https://www.youtube.com/watch?v=qTErIV6OqLg: all four relation types with lags", () => {
  it("14 days; critical path A B D G H; ES EF LS LF and float of every activity", () => {
    const s = schedule({
      tasks: tasks([
        ["A", "", 3],
        ["B", "A:FS2", 2],
        ["C", "A:SS0", 2],
        ["D", "B:SS1", 4],
        ["E", "C:SF3", 1],
        ["F", "C:FF3", 2],
        ["G", "D:SS1,E", 4],
        ["H", "F:SF2,G", 3],
      ]),
    });
    expect(s.finish / 6).toBe(14);
    expect(s.criticalPaths.map((p) => p.tasks)).toEqual([["A", "B", "D", "G", "H"]]);
    expect(table(s)).toEqual({
      A: [0, 3, 0, 3, 0],
      B: [5, 7, 5, 7, 0],
      C: [0, 2, 4, 6, 4],
      D: [6, 10, 6, 10, 0],
      E: [2, 3, 6, 7, 4],
      F: [3, 5, 12, 14, 9],
      G: [7, 11, 7, 11, 0],
      H: [11, 14, 11, 14, 0],
    });
  });
});

describe("James Marion, 'Lags Part 2', https://www.youtube.com/watch?v=lQtpnHzvTT8: SF and FF links", () => {
  const rows: Row[] = [
    ["A", "", 2],
    ["B", "A", 2],
    ["C", "A", 4],
    ["D", "B,C:SF7", 3],
    ["E", "C", 3],
    ["F", "D:FF3,E", 1],
  ];

  it("12 days; critical path A C D F; floats B 2, E 2", () => {
    const s = schedule({ tasks: tasks(rows) });
    expect(s.finish / 6).toBe(12);
    expect(s.criticalPaths.map((p) => p.tasks)).toEqual([["A", "C", "D", "F"]]);
    expect(table(s)).toEqual({
      A: [0, 2, 0, 2, 0],
      B: [2, 4, 4, 6, 2],
      C: [2, 6, 2, 6, 0],
      D: [6, 9, 6, 9, 0],
      E: [6, 9, 8, 11, 2],
      F: [11, 12, 11, 12, 0],
    });
  });

  it("(ours) along A →FS C →SF D →FF F only A's duration is in the path's length (12 = 2 + 7 + 3), so only A's variance counts", () => {
    // The same network with PERT ranges on the critical tasks (means unchanged).
    const s = schedule({
      tasks: tasks([
        ["A", "", [1, 2, 3]],
        ["B", "A", 2],
        ["C", "A", [1, 4, 7]],
        ["D", "B,C:SF7", [0, 3, 6]],
        ["E", "C", 3],
        ["F", "D:FF3,E", [0, 1, 2]],
      ]),
    });
    expect(s.finish / 6).toBe(12);
    expect(s.pert.path).toEqual(["A", "C", "D", "F"]);
    expect(s.pert.variance).toBeCloseTo(4 / 36, 12); // ((3 − 1)/6)² — C, D and F do not move the finish
  });
});
