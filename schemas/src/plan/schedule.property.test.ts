import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oracleCriticalPaths, oracleEarly, oracleFloats, oracleLate, plans } from "../test-support/index.js";
import { checkEarliest, checkLatest, linkHolds } from "./localCheck.js";
import { PlanCycleError } from "./planCycleError.js";
import { schedule } from "./schedule.js";

describe("schedule against a brute-force oracle on random plans (all four link types, lags and leads)", () => {
  it("early and late dates and the finish equal the longest paths of the event graph (Bellman-Ford)", () => {
    fc.assert(
      fc.property(plans(), ({ tasks, oracle }) => {
        const s = schedule({ tasks });
        const early = oracleEarly(oracle);
        const late = oracleLate(oracle, early.finish);
        expect(s.finish).toBe(early.finish);
        expect(s.tasks.map((t) => t.es)).toEqual(early.es);
        expect(s.tasks.map((t) => t.ef)).toEqual(early.ef);
        expect(s.tasks.map((t) => t.ls)).toEqual(late.ls);
        expect(s.tasks.map((t) => t.lf)).toEqual(late.lf);
      }),
      { numRuns: 300 },
    );
  });

  it("total and free float equal their definitions (the largest delay that keeps the finish / everyone else's dates)", () => {
    fc.assert(
      fc.property(plans(6), ({ tasks, oracle }) => {
        const s = schedule({ tasks });
        const floats = oracleFloats(oracle);
        expect(s.tasks.map((t) => t.totalFloat)).toEqual(floats.map((f) => f.total));
        expect(s.tasks.map((t) => t.freeFloat)).toEqual(floats.map((f) => f.free));
      }),
      { numRuns: 150 },
    );
  });

  it("invariants: critical ⇔ zero total float, 0 ≤ free ≤ total float, ES ≥ 0, T = max EF, every link holds at early and at late dates", () => {
    fc.assert(
      fc.property(plans(), ({ tasks }) => {
        const s = schedule({ tasks });
        const byId = new Map(s.tasks.map((t) => [t.id, t]));
        expect(s.finish).toBe(Math.max(...s.tasks.map((t) => t.ef)));
        for (const [j, t] of s.tasks.entries()) {
          expect(t.critical).toBe(t.totalFloat === 0);
          expect(t.freeFloat).toBeGreaterThanOrEqual(0);
          expect(t.freeFloat).toBeLessThanOrEqual(t.totalFloat);
          expect(t.es).toBeGreaterThanOrEqual(0);
          expect(t.lf).toBeLessThanOrEqual(s.finish);
          for (const l of tasks[j]!.after ?? []) {
            const p = byId.get(l.task)!;
            const lag = 6 * (l.lag ?? 0);
            const type = l.type ?? "FS";
            expect(
              linkHolds({
                type,
                lag,
                predecessor: { start: p.es, finish: p.ef },
                successor: { start: t.es, finish: t.ef },
              }),
            ).toBe(true);
            expect(
              linkHolds({
                type,
                lag,
                predecessor: { start: p.ls, finish: p.lf },
                successor: { start: t.ls, finish: t.lf },
              }),
            ).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("critical paths are exactly the brute-force ones; each runs from 0 to T; the PERT path is the widest", () => {
    fc.assert(
      fc.property(plans(), ({ tasks, oracle }) => {
        const s = schedule({ tasks }, { maxPaths: 1000 });
        const early = oracleEarly(oracle);
        const critical = oracleFloats(oracle).map((f) => f.total === 0);
        const expected = oracleCriticalPaths(oracle, early, critical).map((p) => p.map((j) => oracle[j]!.id));
        const ours = s.criticalPaths.map((p) => p.tasks);
        expect([...ours].sort()).toEqual([...expected].sort());
        expect(s.criticalPathCount).toBe(BigInt(expected.length));
        expect(expected.length).toBeGreaterThan(0);
        const byId = new Map(s.tasks.map((t) => [t.id, t]));
        for (const p of ours) {
          expect(byId.get(p[0]!)!.es).toBe(0);
          expect(byId.get(p[p.length - 1]!)!.ef).toBe(s.finish);
        }
        const widest = Math.max(...s.criticalPaths.map((p) => p.variance));
        expect(s.pert.variance).toBe(widest);
        expect(s.criticalPaths.find((p) => p.tasks.join() === s.pert.path.join())?.variance).toBe(widest);
      }),
      { numRuns: 300 },
    );
  });

  it("a critical path's length — lags plus the durations it crosses (+d start→finish, −d finish→start) — is the finish, and its variance counts exactly those tasks", () => {
    fc.assert(
      fc.property(plans(), ({ tasks }) => {
        const s = schedule({ tasks }, { maxPaths: 1000 });
        const byId = new Map(tasks.map((t) => [t.id, t]));
        const sched = new Map(s.tasks.map((t) => [t.id, t]));
        for (const path of s.criticalPaths) {
          let time = 0;
          let entry: "S" | "F" = "S";
          let variance = 0;
          path.tasks.forEach((id, k) => {
            const next = path.tasks[k + 1];
            const link = next === undefined ? undefined : byId.get(next)!.after!.find((l) => l.task === id)!;
            const type = link?.type ?? "FS";
            const exit = next === undefined || type === "FS" || type === "FF" ? "F" : "S";
            const d = sched.get(id)!.duration;
            if (entry !== exit) variance += sched.get(id)!.variance;
            time += entry === exit ? 0 : entry === "S" ? d : -d;
            time += 6 * (link?.lag ?? 0);
            entry = type === "FS" || type === "SS" ? "S" : "F";
          });
          expect(time).toBe(s.finish);
          expect(path.variance).toBeCloseTo(variance, 9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic and does not depend on the order the plan lists its tasks in", () => {
    fc.assert(
      fc.property(plans(), ({ tasks }) => {
        const a = schedule({ tasks });
        expect(schedule({ tasks })).toEqual(a);
        const reversed = schedule({ tasks: [...tasks].reverse() });
        const byId = (s: typeof a) => Object.fromEntries(s.tasks.map((t) => [t.id, t]));
        expect(byId(reversed)).toEqual(byId(a));
        expect(reversed.finish).toBe(a.finish);
        expect(reversed.criticalPathCount).toBe(a.criticalPathCount);
        expect(reversed.pert.variance).toBe(a.pert.variance);
      }),
    );
  });
});

describe("the local checks the chain will run", () => {
  it("every task of a schedule passes, early against its predecessors and late against its successors", () => {
    fc.assert(
      fc.property(plans(), ({ tasks }) => {
        const s = schedule({ tasks });
        const byId = new Map(s.tasks.map((t) => [t.id, t]));
        const links = (j: number, late: boolean) =>
          (tasks[j]!.after ?? []).map((l) => {
            const p = byId.get(l.task)!;
            return {
              type: l.type ?? ("FS" as const),
              lag: 6 * (l.lag ?? 0),
              dates: late ? { start: p.ls, finish: p.lf } : { start: p.es, finish: p.ef },
            };
          });
        for (const [j, t] of s.tasks.entries()) {
          expect(
            checkEarliest({
              duration: t.duration,
              claim: { start: t.es, finish: t.ef },
              predecessors: links(j, false),
            }),
          ).toEqual({ ok: true });
          const successors = tasks.flatMap((u, k) =>
            (u.after ?? [])
              .filter((l) => l.task === t.id)
              .map((l) => ({
                type: l.type ?? ("FS" as const),
                lag: 6 * (l.lag ?? 0),
                dates: { start: s.tasks[k]!.ls, finish: s.tasks[k]!.lf },
              })),
          );
          expect(
            checkLatest({
              duration: t.duration,
              projectFinish: s.finish,
              claim: { start: t.ls, finish: t.lf },
              successors,
            }),
          ).toEqual({ ok: true });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("claimed early dates pass every task's check exactly when they are the forward pass (a wrong one is caught by one task and its predecessors)", () => {
    fc.assert(
      fc.property(
        plans(),
        fc.array(fc.constantFrom(0, 0, 0, -6, 6, 1), { minLength: 7, maxLength: 7 }),
        ({ tasks }, shifts) => {
          const s = schedule({ tasks });
          const claimed = s.tasks.map((t, j) => ({ start: t.es + shifts[j]!, finish: t.ef + shifts[j]! }));
          const index = new Map(s.tasks.map((t, j) => [t.id, j]));
          const passes = s.tasks.map(
            (t, j) =>
              checkEarliest({
                duration: t.duration,
                claim: claimed[j]!,
                predecessors: (tasks[j]!.after ?? []).map((l) => ({
                  type: l.type ?? "FS",
                  lag: 6 * (l.lag ?? 0),
                  dates: claimed[index.get(l.task)!]!,
                })),
              }).ok,
          );
          const exact = s.tasks.every((_, j) => shifts[j] === 0);
          expect(passes.every(Boolean)).toBe(exact);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("cycles", () => {
  it("a planted cycle is refused with PLAN_CYCLE, naming a real cycle of the plan in dependency order", () => {
    fc.assert(
      fc.property(plans(), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), ({ tasks }, picks) => {
        const n = tasks.length;
        const members = [...new Set(picks.map((x) => x % n))];
        const cyclic = tasks.map((t) => ({ ...t, after: [...(t.after ?? [])] }));
        members.forEach((m, k) => {
          const pred = tasks[members[(k - 1 + members.length) % members.length]!]!.id; // m comes after pred
          if (!cyclic[m]!.after.some((l) => l.task === pred)) cyclic[m]!.after.push({ task: pred });
        });
        let error: unknown;
        try {
          schedule({ tasks: cyclic });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(PlanCycleError);
        const cycle = (error as PlanCycleError).cycle;
        expect((error as PlanCycleError).code).toBe("PLAN_CYCLE");
        expect(new Set(cycle).size).toBe(cycle.length);
        const position = new Map(cyclic.map((t, j) => [t.id, j]));
        cycle.forEach((id, k) => {
          const next = cycle[(k + 1) % cycle.length]!;
          expect(cyclic[position.get(next)!]!.after.some((l) => l.task === id)).toBe(true);
        });
        expect(Math.min(...cycle.map((id) => position.get(id)!))).toBe(position.get(cycle[0]!));
        expect((error as Error).message).toContain([...cycle, cycle[0]].join(" → "));
      }),
      { numRuns: 300 },
    );
  });
});
