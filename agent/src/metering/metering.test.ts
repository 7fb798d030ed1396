import { describe, expect, it, vi } from "vitest";
import { CommandRegistry } from "../commands/index.js";
import type { Sample } from "../drivers/index.js";
import { createDriver } from "../drivers/index.js";
import { sampleDrafts } from "../runtime/index.js";
import {
  meteredDesk,
  registerMeteringCommands,
  registerMeteringDrivers,
  SessionMeter,
  simulatedCharger,
} from "./index.js";

const collect = (driver: { start(emit: (s: Sample) => void): void }) => {
  const out: Sample[] = [];
  driver.start((s) => out.push(s));
  return out;
};
const usage = (out: Sample[]) => out.flatMap((s) => s.usage ?? []);

describe("metering", () => {
  it("a charger session from commands: start, kWh progress with the register, stop; payer on every report", async () => {
    const c = simulatedCharger({ registerWh: 1000 });
    const out = collect(c.meter);
    const reg = registerMeteringCommands(new CommandRegistry(), c.meter);
    expect(c.deliver(500)).toBe(false); // no session: the contactor is open
    await reg.get("start-session")!({ session: "s1", payer: "did:key:z6Mkpayer" }, {} as never);
    expect(c.relayOn).toBe(true);
    for (let i = 0; i < 8; i++) c.deliver(1500);
    c.deliver(300);
    await reg.get("stop-session")!({ session: "s1", reason: "short-payment" }, {} as never);
    expect(c.relayOn).toBe(false);
    const u = usage(out);
    expect(u.map((x) => x.phase)).toEqual(["start", ...Array(9).fill("progress"), "stop"]);
    expect(u.every((x) => x.payer === "did:key:z6Mkpayer" && x.unit === "kWh")).toBe(true);
    const totalWh = u.reduce((t, x) => t + Math.round(x.quantity * 1000), 0);
    expect(totalWh).toBe(12_300);
    expect(u.at(-1)!.counter).toBe(13.3);
    expect(out.at(-1)!.readings!.relay!.v).toBe("off");
    // First the charger's state as the agent started (free, its register), then the session.
    expect(out[0]).toEqual({ readings: { relay: { v: "off" }, energy: { v: 1, u: "kWh" } } });
    const drafts = sampleDrafts(out[2]!, 1, new Uint8Array(16));
    expect(drafts.find((d) => d.t === "usage")).toMatchObject({ payer: "did:key:z6Mkpayer", counter: 2.5 });
  });

  it("a stop for another session is refused and the session keeps running", async () => {
    const c = simulatedCharger();
    collect(c.meter);
    const reg = registerMeteringCommands(new CommandRegistry(), c.meter);
    await reg.get("start-session")!({ session: "s1" }, {} as never);
    await expect(async () =>
      reg.get("stop-session")!({ session: "other" }, {} as never),
    ).rejects.toMatchObject({
      code: "SESSION_UNKNOWN",
    });
    expect(c.relayOn).toBe(true);
    await expect(async () => reg.get("start-session")!({ session: "s2" }, {} as never)).rejects.toMatchObject(
      {
        code: "SESSION_ACTIVE",
      },
    );
  });

  it("a desk session from occupancy: minutes every 15, the rest at departure", () => {
    const d = meteredDesk();
    const out = collect(d.meter);
    d.advance(30); // nobody there: nothing metered
    d.occupy(1_795_000_000_000);
    d.advance(95);
    d.vacate();
    const u = usage(out);
    expect(u.map((x) => [x.phase, x.quantity])).toEqual([
      ["start", 0],
      ...Array(6).fill(["progress", 15]),
      ["stop", 5],
    ]);
    expect(u[0]!.session).toBe(`desk-${(1_795_000_000_000).toString(36)}`);
    expect(out.at(-1)!.readings!.occupied!.v).toBe(false);
  });

  it("a booked desk (explicit command) ends with the booking and reports the minutes not yet sent", async () => {
    const d = meteredDesk();
    const out = collect(d.meter);
    const reg = registerMeteringCommands(new CommandRegistry(), d.meter);
    await reg.get("start-session")!({ session: "b1", payer: "p" }, {} as never);
    d.occupy(0); // sitting down at one's own booking does not start another session
    d.advance(20);
    await reg.get("stop-session")!({ session: "b1" }, {} as never);
    expect(usage(out).map((x) => [x.session, x.phase, x.quantity])).toEqual([
      ["b1", "start", 0],
      ["b1", "progress", 15],
      ["b1", "stop", 5],
    ]);
  });

  it("from the configuration: a charger delivering its power every tick while a session runs", () => {
    expect(() => createDriver({ driver: "charger", options: {} } as never)).toThrow("unknown sensor driver");
    registerMeteringDrivers(); // what tet-agent run and the package entry do
    vi.useFakeTimers();
    try {
      const meter = createDriver({ driver: "charger", options: { power: 7400, tick: 60 } } as never);
      expect(meter).toBeInstanceOf(SessionMeter);
      const out = collect(meter as SessionMeter);
      vi.advanceTimersByTime(5 * 60_000); // idle: nothing metered
      (meter as SessionMeter).begin({ session: "s" });
      vi.advanceTimersByTime(10 * 60_000);
      (meter as SessionMeter).end();
      (meter as SessionMeter).stop();
      const u = usage(out);
      expect(u.filter((x) => x.phase === "progress").map((x) => x.quantity)).toEqual(Array(10).fill(0.123));
      expect(createDriver({ driver: "metered-desk", options: {} } as never)).toBeInstanceOf(SessionMeter);
    } finally {
      vi.useRealTimers();
    }
  });
});
