import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CborValue } from "../cbor/index.js";
import { encode } from "../cbor/index.js";
import { sha256 } from "../crypto/index.js";
import { PLAN_EXAMPLE, plans, planTreeVector } from "../test-support/index.js";
import { LINK_TYPES } from "./linkTypes.js";
import { checkEarliest } from "./localCheck.js";
import type { Plan } from "./planKind.js";
import { planLeaves, planRoot, planTaskProof, verifyPlanTask } from "./planTree.js";
import { schedule } from "./schedule.js";

const { plan } = PLAN_EXAMPLE;

/** Reads a task leaf the way the contract will, by fixed offsets (the layout of `planLeaves`). */
function readTaskLeaf(leaf: Uint8Array) {
  const view = new DataView(leaf.buffer, leaf.byteOffset, leaf.byteLength);
  const u128 = (at: number) => (view.getBigUint64(at) << 64n) | view.getBigUint64(at + 8);
  const links = Array.from({ length: leaf[77]! }, (_, k) => ({
    pred: view.getUint32(78 + 9 * k),
    type: LINK_TYPES[leaf[82 + 9 * k]!],
    lag: view.getInt32(83 + 9 * k),
  }));
  let at = 78 + 9 * links.length;
  const avatars = Array.from({ length: leaf[at++]! }, (_, k) => leaf.slice(at + 16 * k, at + 16 * (k + 1)));
  at += 16 * avatars.length;
  return {
    kind: leaf[0],
    id: new TextDecoder().decode(leaf.slice(1, 33)).replace(/\0+$/, ""),
    index: view.getUint32(33),
    duration: view.getUint32(37),
    budget: u128(41),
    payee: leaf.slice(57, 77),
    links,
    avatars,
    detail: leaf.slice(at, at + 32),
    length: at + 32,
  };
}

const asPlan = (tasks: Plan["tasks"]): Plan => ({ ...plan, tasks });

describe("the plan's Merkle tree (the hash the chain holds)", () => {
  it("matches the published vector fixtures/v1/plan-tree.json (leaves, root, proofs)", () => {
    const saved = JSON.parse(
      readFileSync(new URL("../../fixtures/v1/plan-tree.json", import.meta.url), "utf8"),
    );
    expect(saved).toEqual(planTreeVector());
    expect(saved.leaves).toHaveLength(plan.tasks.length + 1);
  });

  it("has a 93-byte header leaf: project, rev, task count, start, tick, deadline, total budget, digest of the rest", () => {
    const [header] = planLeaves(plan);
    const view = new DataView(header!.buffer);
    expect(header!.length).toBe(93);
    expect(header![0]).toBe(0);
    expect(header!.slice(1, 17)).toEqual(new Uint8Array(16)); // revision 1
    expect(view.getUint32(17)).toBe(1);
    expect(view.getUint32(21)).toBe(6);
    expect(view.getBigUint64(25)).toBe(BigInt(plan.start));
    expect(view.getUint32(33)).toBe(600_000); // a tick of an hour: 10 minutes
    expect(view.getBigUint64(37)).toBe(BigInt(plan.deadline!));
    expect((view.getBigUint64(45) << 64n) | view.getBigUint64(53)).toBe(1830n * 10n ** 18n);
    expect(header!.slice(61)).toEqual(sha256(encode({ ...plan, tasks: undefined } as unknown as CborValue)));
  });

  it("task leaves carry, in fixed-width fields, what checking dates and paying needs", () => {
    fc.assert(
      fc.property(plans(10), ({ tasks }) => {
        const p = asPlan(
          tasks.map((t, i) => ({
            ...t,
            title: "t",
            budget: BigInt(i) * 10n ** 20n,
            assignee: new Uint8Array(20).fill(i),
          })) as Plan["tasks"],
        );
        const s = schedule(p);
        const leaves = planLeaves(p).slice(1).map(readTaskLeaf);
        const leafOf = new Map(leaves.map((l) => [l.id, l]));
        for (const [i, leaf] of leaves.entries()) {
          const t = p.tasks[i]!;
          expect(leaf).toMatchObject({
            kind: 1,
            id: t.id,
            index: i,
            duration: s.tasks[i]!.duration,
            budget: t.budget,
            payee: new Uint8Array(20).fill(i),
          });
          expect(leaf.links.map((l) => [p.tasks[l.pred]!.id, l.type, l.lag])).toEqual(
            (t.after ?? []).map((a) => [a.task, a.type ?? "FS", 6 * (a.lag ?? 0)]),
          );
          // The contract's check, from leaves alone: a task's and its predecessors' early dates.
          const predecessors = leaf.links.map((l) => ({
            type: l.type!,
            lag: l.lag,
            dates: { start: s.tasks[l.pred]!.es, finish: s.tasks[l.pred]!.ef },
          }));
          expect(
            checkEarliest({
              duration: leafOf.get(t.id)!.duration,
              claim: { start: s.tasks[i]!.es, finish: s.tasks[i]!.ef },
              predecessors,
            }),
          ).toEqual({ ok: true });
        }
        expect(leaves.every((l, i) => l.length === planLeaves(p)[i + 1]!.length)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("every task's inclusion proof leads to the root; another leaf, index or root does not", () => {
    const root = planRoot(plan);
    for (let i = 0; i < plan.tasks.length; i++) {
      const proof = planTaskProof(plan, i);
      expect(proof.proof.length).toBeLessThanOrEqual(3); // ⌈log2(7)⌉
      expect(verifyPlanTask({ ...proof, root })).toBe(true);
      const tampered = Uint8Array.from(proof.leaf);
      tampered[40]! ^= 1; // the duration
      expect(verifyPlanTask({ ...proof, leaf: tampered, root })).toBe(false);
      expect(verifyPlanTask({ ...proof, index: (proof.index % plan.tasks.length) + 1, root })).toBe(false);
    }
    expect(() => planTaskProof(plan, 6)).toThrow(/PLAN_UNKNOWN_TASK|no task/);
  });

  it("changes with anything in the plan: a lag, a budget, a title, the deadline", () => {
    const root = planRoot(plan);
    const edits: ((p: Plan) => void)[] = [
      (p) => (p.tasks[5]!.after![0]!.lag = 23),
      (p) => (p.tasks[0]!.budget = 151n * 10n ** 18n),
      (p) => (p.tasks[3]!.title = "Refill the pool"),
      (p) => (p.deadline = p.deadline! + 1),
    ];
    for (const edit of edits) {
      const copy = structuredClone(plan);
      edit(copy);
      expect(planRoot(copy)).not.toEqual(root);
    }
  });
});
