import { describe, expect, it } from "vitest";
import { OutboxState } from "./outboxState.js";
import { planRoom } from "./planRoom.js";

// Drafts of 100 bytes each: state, usage, state (ids 1, 2, 3), 300 live bytes.
const state = () => {
  const s = new OutboxState();
  for (const [id, t] of [
    [1, "state"],
    [2, "usage"],
    [3, "state"],
  ] as const)
    s.apply({ type: "put", id, ts: 1000 + id, t, payload: new Uint8Array(0) }, 100);
  return s;
};

describe("planRoom", () => {
  it("keeps anything that fits, and usage past the bound", () => {
    expect(planRoom(state(), { t: "state", ts: 9, size: 100 }, { maxBytes: 400, policy: undefined })).toEqual(
      {
        keep: true,
        drop: undefined,
      },
    );
    expect(
      planRoom(state(), { t: "usage", ts: 9, size: 500 }, { maxBytes: 300, policy: undefined }).keep,
    ).toBe(true);
  });

  it("drop-oldest drops the oldest telemetry until the arriving draft fits, never usage", () => {
    const plan = planRoom(
      state(),
      { t: "state", ts: 2000, size: 150 },
      { maxBytes: 300, policy: "drop-oldest" },
    );
    expect(plan).toEqual({
      keep: true,
      drop: { type: "drop", ids: [1, 3], tally: { dropped: 2, from: 1001, to: 2000 } },
    });
  });

  it("drop-newest drops the arriving draft, and so does drop-oldest when the older ones are not enough", () => {
    expect(
      planRoom(state(), { t: "state", ts: 2000, size: 50 }, { maxBytes: 300, policy: "drop-newest" }),
    ).toEqual({
      keep: false,
      drop: { type: "drop", ids: [], tally: { dropped: 1, from: 2000, to: 2000 } },
    });
    const plan = planRoom(
      state(),
      { t: "state", ts: 2000, size: 250 },
      { maxBytes: 300, policy: "drop-oldest" },
    );
    expect(plan.keep).toBe(false);
    expect(plan.drop?.tally.dropped).toBe(3);
  });
});
