import { describe, expect, it } from "vitest";
import { sampleDrafts } from "./sampleDrafts.js";

const obj = new Uint8Array(16);

describe("sampleDrafts", () => {
  it("adds the outbox depth to a state's readings, and never to usage", () => {
    const drafts = sampleDrafts(
      {
        readings: { t: { v: 21.5, u: "Cel" } },
        usage: [{ session: "s", phase: "start", unit: "min", quantity: 0 }],
      },
      1,
      obj,
      7,
    );
    expect(drafts[0]).toMatchObject({ t: "state", readings: { t: { v: 21.5 }, "agent.outbox": { v: 7 } } });
    expect(drafts[1]).toMatchObject({ t: "usage" });
    expect(drafts[1]).not.toHaveProperty("readings");
  });

  it("sends no state for a sample without readings, outbox or not", () => {
    expect(sampleDrafts({ readings: {} }, 1, obj, 3)).toEqual([]);
  });
});
