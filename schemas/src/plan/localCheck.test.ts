import { describe, expect, it } from "vitest";
import { checkEarliest, checkLatest, earliestStart, latestFinish, linkHolds } from "./localCheck.js";

// A predecessor with early dates 10..40 (ticks), a task of duration 12.
const pred = { start: 10, finish: 40 };

describe("earliestStart: the forward pass for one task, per link type and lag", () => {
  it.each([
    ["FS", 6, 46], // EF + lag
    ["SS", 6, 16], // ES + lag
    ["FF", 6, 34], // EF + lag − d
    ["SF", 6, 4], // ES + lag − d
    ["FS", -12, 28], // a lead
    ["SF", -6, 0], // −8: no task starts before the project
  ] as const)("%s lag %i → %i", (type, lag, expected) => {
    expect(earliestStart({ duration: 12, predecessors: [{ type, lag, dates: pred }] })).toBe(expected);
  });

  it("is the largest bound over all predecessors, and 0 without any", () => {
    const predecessors = [
      { type: "SS" as const, lag: 0, dates: pred },
      { lag: 0, dates: { start: 0, finish: 30 } }, // FS by default
    ];
    expect(earliestStart({ duration: 12, predecessors })).toBe(30);
    expect(earliestStart({ duration: 12, predecessors: [] })).toBe(0);
  });
});

describe("checkEarliest: is a claimed early schedule what the predecessors make it?", () => {
  const predecessors = [{ lag: 6, dates: pred }];
  it("accepts the right dates and says which date is wrong otherwise, and what it should be", () => {
    expect(checkEarliest({ duration: 12, claim: { start: 46, finish: 58 }, predecessors })).toEqual({
      ok: true,
    });
    expect(checkEarliest({ duration: 12, claim: { start: 45, finish: 57 }, predecessors })).toEqual({
      ok: false,
      code: "WRONG_START",
      expected: 46,
    });
    expect(checkEarliest({ duration: 12, claim: { start: 47, finish: 59 }, predecessors })).toEqual({
      ok: false,
      code: "WRONG_START",
      expected: 46,
    });
    expect(checkEarliest({ duration: 12, claim: { start: 46, finish: 60 }, predecessors })).toEqual({
      ok: false,
      code: "WRONG_FINISH",
      expected: 58,
    });
  });
});

describe("latestFinish / checkLatest: the backward pass for one task", () => {
  const succ = { start: 50, finish: 80 }; // a successor's late dates
  it.each([
    ["FS", 6, 44], // LS − lag
    ["SS", 6, 56], // LS − lag + d
    ["FF", 6, 74], // LF − lag
    ["SF", 6, 86], // LF − lag + d
    ["FS", -6, 56], // a lead
  ] as const)("%s lag %i → %i", (type, lag, expected) => {
    const finish = latestFinish({
      duration: 12,
      projectFinish: 100,
      successors: [{ type, lag, dates: succ }],
    });
    expect(finish).toBe(expected);
  });

  it("is capped by the project's finish", () => {
    expect(
      latestFinish({ duration: 12, projectFinish: 60, successors: [{ type: "SF", lag: 6, dates: succ }] }),
    ).toBe(60);
  });

  it("checks the claimed late dates", () => {
    const successors = [{ lag: 0, dates: succ }];
    expect(
      checkLatest({ duration: 12, projectFinish: 100, claim: { start: 38, finish: 50 }, successors }),
    ).toEqual({ ok: true });
    expect(
      checkLatest({ duration: 12, projectFinish: 100, claim: { start: 38, finish: 49 }, successors }),
    ).toEqual({ ok: false, code: "WRONG_FINISH", expected: 50 });
    expect(
      checkLatest({ duration: 12, projectFinish: 100, claim: { start: 37, finish: 50 }, successors }),
    ).toEqual({ ok: false, code: "WRONG_START", expected: 38 });
    expect(latestFinish({ duration: 12, projectFinish: 100, successors: [] })).toBe(100);
  });
});

describe("linkHolds: may actual dates stand, given one link?", () => {
  it.each([
    ["FS", { start: 46, finish: 50 }, true],
    ["FS", { start: 45, finish: 50 }, false], // started before the predecessor finished + lag
    ["SS", { start: 16, finish: 20 }, true],
    ["SS", { start: 15, finish: 90 }, false],
    ["FF", { start: 0, finish: 46 }, true],
    ["FF", { start: 0, finish: 45 }, false],
    ["SF", { start: 0, finish: 16 }, true],
    ["SF", { start: 0, finish: 15 }, false],
  ] as const)("%s %o → %s", (type, successor, holds) => {
    expect(linkHolds({ type, lag: 6, predecessor: pred, successor })).toBe(holds);
  });
});
