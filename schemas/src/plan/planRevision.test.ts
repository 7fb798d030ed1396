import { describe, expect, it } from "vitest";
import { isTetError } from "../errors.js";
import { didKeyFromPublicKey } from "../ids/index.js";
import { nobleSigner } from "../index.js";
import { PLAN_EXAMPLE } from "../test-support/index.js";
import type { Plan } from "./planKind.js";
import { checkPlanHistory, checkRevision } from "./planRevision.js";
import { type ParsedPlan, parsePlan, planHash, projectId, signPlan } from "./planStatement.js";
import { schedule } from "./schedule.js";

const owner = PLAN_EXAMPLE.signer;
const heir = nobleSigner(new Uint8Array(32).fill(8));
const stranger = nobleSigner(new Uint8Array(32).fill(9));
const first = parsePlan(signPlan(PLAN_EXAMPLE.plan, owner));

/** The revision after `prev`: rev + 1, citing it, with `edit` applied, signed by `signer`. */
function revise(prev: ParsedPlan, signer: typeof owner, edit: (p: Plan) => void = () => {}): ParsedPlan {
  const plan: Plan = {
    ...structuredClone(prev.plan),
    rev: prev.plan.rev + 1,
    ts: prev.plan.ts + 1000,
    project: projectId(prev),
    prev: planHash(prev.bytes),
  };
  edit(plan);
  return parsePlan(signPlan(plan, signer));
}

const reason = (f: () => void) => {
  try {
    f();
    return "none";
  } catch (e) {
    if (!isTetError(e, "PLAN_BAD_REVISION")) throw e;
    return e.message;
  }
};

describe("plan revisions: a hash chain signed by the owner of each revision", () => {
  it("a revision cites its predecessor, and re-scheduling follows it (repair slips: the finish moves by 8 hours)", () => {
    const second = revise(first, owner, (p) => {
      p.tasks[1]!.pert = [24, 32, 48]; // te 32 h instead of 24 h
    });
    expect(() => checkPlanHistory([first, second])).not.toThrow();
    expect(second.plan.project).toEqual(projectId(first));
    expect(projectId(second)).toEqual(projectId(first)); // the id stays the revision-1 one
    expect(schedule(second.plan).finish - schedule(first.plan).finish).toBe(8 * 6);
  });

  it("the owner may hand the project over: the next revision is the heir's to sign, no longer the old owner's", () => {
    const handover = revise(first, owner, (p) => {
      p.owner = didKeyFromPublicKey(heir.publicKey);
    });
    const byHeir = revise(handover, heir);
    expect(() => checkPlanHistory([first, handover, byHeir])).not.toThrow();
    expect(reason(() => checkRevision({ previous: handover, next: revise(handover, owner) }))).toMatch(
      /previous revision's owner/,
    );
  });

  it.each([
    ["signed by a stranger", () => revise(first, stranger), /previous revision's owner/],
    [
      "a skipped revision number",
      () =>
        revise(first, owner, (p) => {
          p.rev = 3;
        }),
      /rev 3 after 1/,
    ],
    [
      "prev not the hash of the previous bytes",
      () =>
        revise(first, owner, (p) => {
          p.prev = new Uint8Array(32);
        }),
      /prev is not/,
    ],
    [
      "another project's id",
      () =>
        revise(first, owner, (p) => {
          p.project = new Uint8Array(16);
        }),
      /project is not/,
    ],
    [
      "signed before the previous revision",
      () =>
        revise(first, owner, (p) => {
          p.ts = first.plan.ts - 1;
        }),
      /signed before/,
    ],
  ])("refuses %s", (_, make, why) => {
    expect(reason(() => checkRevision({ previous: first, next: make() }))).toMatch(why);
  });

  it("a history starts at revision 1 signed by its own owner", () => {
    expect(reason(() => checkPlanHistory([parsePlan(signPlan(PLAN_EXAMPLE.plan, stranger))]))).toMatch(
      /revision 1 is not signed by its owner/,
    );
    expect(reason(() => checkPlanHistory([revise(first, owner)]))).toMatch(/starts at rev 2/);
    expect(reason(() => checkPlanHistory([]))).toMatch(/no revisions/);
  });
});
