import { describe, expect, it } from "vitest";
import { SimulatedDevice } from "../ingest/index.js";
import { mayPublish, maySubscribe } from "./topicAcl.js";

describe("topic ACL", () => {
  const a = SimulatedDevice.create().objectId;
  const b = SimulatedDevice.create().objectId;
  const device = { kind: "device", objectId: a } as const;

  it("lets a device publish only to its own up and subscribe only to its own down", () => {
    expect(mayPublish(device, `tet/v1/o/${a}/up`)).toBe(true);
    for (const t of [
      `tet/v1/o/${a}/down`,
      `tet/v1/o/${b}/up`,
      `tet/v1/o/${a}/up/x`,
      "$SYS/x",
      "tet/v1/o/+/up",
    ])
      expect(mayPublish(device, t), t).toBe(false);
    expect(maySubscribe(device, `tet/v1/o/${a}/down`)).toBe(true);
    for (const t of [`tet/v1/o/${b}/down`, "tet/v1/o/+/down", "#", `tet/v1/o/${a}/#`, `tet/v1/o/${a}/up`])
      expect(maySubscribe(device, t), t).toBe(false);
  });

  it("lets a backend client subscribe to every up and publish to every down", () => {
    expect(maySubscribe({ kind: "backend" }, "tet/v1/o/+/up")).toBe(true);
    expect(mayPublish({ kind: "backend" }, `tet/v1/o/${b}/down`)).toBe(true);
  });
});
