import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isAgentError } from "../errors.js";
import { tempDir } from "../test-support/index.js";
import { createDriver, loadDrivers } from "./createDriver.js";
import { execDriver, parseReadings } from "./execDriver.js";
import { linuxHost } from "./linuxHost.js";
import { prng } from "./prng.js";
import { Sampler } from "./sampler.js";
import type { Sample, SensorDriver } from "./sensorDriver.js";
import { simulatedClimate } from "./simulatedClimate.js";
import { simulatedDesk } from "./simulatedDesk.js";
import { simulatedEnergy } from "./simulatedEnergy.js";

const MONDAY_0800 = Date.UTC(2026, 10, 16, 8, 0);
const minutes = (n: number) => n * 60_000;

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe("simulated drivers", () => {
  it("are reproducible from their seed and differ between seeds", () => {
    const run = (seed: number) => {
      const d = simulatedClimate(seed);
      return Array.from({ length: 50 }, (_, i) => d.read!(MONDAY_0800 + minutes(i)));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(prng(1).next()).not.toBe(prng(2).next());
  });

  it("climate stays in a room's range, at 0.1 °C and 1 %RH resolution", () => {
    const d = simulatedClimate(3);
    for (let i = 0; i < 24 * 60; i += 5) {
      const r = (d.read!(MONDAY_0800 + minutes(i)) as Sample).readings!;
      const t = r.temperature!.v as number;
      expect(t).toBeGreaterThan(17);
      expect(t).toBeLessThan(26);
      expect(Math.round(t * 10) / 10).toBeCloseTo(t, 9);
      expect(Number.isInteger(r.humidity!.v)).toBe(true);
      expect(r.temperature!.u).toBe("Cel");
    }
  });

  it("the desk's stays become usage sessions in minutes: start, progress, stop, and add up", () => {
    const d = simulatedDesk(5);
    const usage = [];
    for (let i = 0; i <= 10 * 60; i++)
      usage.push(...((d.read!(MONDAY_0800 + minutes(i)) as Sample).usage ?? []));
    const starts = usage.filter((u) => u.phase === "start");
    const stops = usage.filter((u) => u.phase === "stop");
    expect(starts.length).toBeGreaterThan(0);
    expect(stops.length).toBeGreaterThanOrEqual(starts.length - 1);
    const first = starts[0]!.session;
    const total = usage.filter((u) => u.session === first).reduce((a, u) => a + u.quantity, 0);
    expect(total).toBeGreaterThan(0);
    expect(usage.every((u) => u.unit === "min" && u.quantity >= 0)).toBe(true);
  });

  it("the energy register only grows, and power follows the working day", () => {
    const d = simulatedEnergy(2);
    let last = 0;
    let dayPower = 0;
    let nightPower = 0;
    for (let i = 0; i < 24 * 60; i += 10) {
      const t = MONDAY_0800 + minutes(i);
      const r = (d.read!(t) as Sample).readings!;
      expect(r.energy!.v as number).toBeGreaterThanOrEqual(last);
      last = r.energy!.v as number;
      if (i < 8 * 60) dayPower += r.power!.v as number;
      else if (i >= 14 * 60) nightPower += r.power!.v as number;
    }
    expect(dayPower / 48).toBeGreaterThan(nightPower / 60);
  });
});

describe("linux host driver", () => {
  it("reads load, memory, uptime and CPU temperature from /proc and /sys", () => {
    mkdirSync(join(tmp.dir, "proc"));
    mkdirSync(join(tmp.dir, "sys/class/thermal/thermal_zone0"), { recursive: true });
    writeFileSync(join(tmp.dir, "proc/loadavg"), "0.42 0.30 0.20 1/200 1234\n");
    writeFileSync(
      join(tmp.dir, "proc/meminfo"),
      "MemTotal:  1000000 kB\nMemFree: 1 kB\nMemAvailable:  750000 kB\n",
    );
    writeFileSync(join(tmp.dir, "proc/uptime"), "3600.55 7000.00\n");
    writeFileSync(join(tmp.dir, "sys/class/thermal/thermal_zone0/temp"), "48312\n");
    expect(linuxHost(tmp.dir).read!(0)).toEqual({
      readings: {
        load1: { v: 0.42 },
        memory: { v: 25, u: "%" },
        uptime: { v: 3600, u: "s" },
        cpu_temperature: { v: 48.3, u: "Cel" },
      },
    });
  });

  it("leaves out what the host does not have", () => {
    expect(linuxHost(tmp.dir).read!(0)).toEqual({ readings: {} });
  });

  it("reads this machine's /proc", () => {
    const r = (linuxHost().read!(0) as Sample).readings!;
    expect(r.load1?.v).toBeTypeOf("number");
    expect(r.memory?.u).toBe("%");
  });
});

describe("exec driver", () => {
  it("runs a command and reads its JSON, in the long and the short form", async () => {
    const d = execDriver([
      "node",
      "-e",
      'console.log(JSON.stringify({t:{v:21.5,u:"Cel"},open:true,label:"a"}))',
    ]);
    expect(await d.read!(0)).toEqual({
      readings: { t: { v: 21.5, u: "Cel" }, open: { v: true }, label: { v: "a" } },
    });
  });

  it("refuses a failing command, a timeout and output that is not readings", async () => {
    const fails = async (d: SensorDriver) => {
      try {
        await d.read!(0);
        expect.unreachable();
      } catch (e) {
        expect(isAgentError(e, "DRIVER_FAILED")).toBe(true);
      }
    };
    await fails(execDriver(["node", "-e", "process.exit(3)"]));
    await fails(execDriver(["node", "-e", "setTimeout(()=>{}, 10000)"], 200));
    await fails(execDriver(["node", "-e", "console.log('[1,2]')"]));
    expect(() => parseReadings({ "1bad": 1 })).toThrow("bad reading name");
    expect(() => parseReadings({ x: { v: null } })).toThrow("value must be");
  });

  it("is what a [[sensor]] table with driver = exec builds; unknown drivers are named", () => {
    expect(
      createDriver({ driver: "exec", interval: 1, heartbeat: 1, options: { command: ["true"] } }).name,
    ).toBe("exec");
    expect(() => createDriver({ driver: "nope", interval: 1, heartbeat: 1, options: {} })).toThrow(
      /nope.*known: desk.*bridge, modbus/,
    );
  });

  it("builds the firmware bridge's kinds once loadDrivers has loaded them, as tet-agent run does", async () => {
    const modbus = { driver: "modbus", interval: 1, heartbeat: 1, options: { line: "stdio:", map: "x" } };
    expect(() => createDriver(modbus)).toThrow("modbus is not loaded");
    await loadDrivers(["climate", "modbus", "nope"]); // built-in and unknown names are left alone
    expect(() => createDriver(modbus)).toThrow(/tcp:\/\/ or serial:/); // the modbus factory's own check
  });
});

describe("Sampler", () => {
  it("passes readings on change and on the heartbeat, and usage always", () => {
    let now = 0;
    const out: Sample[] = [];
    const s = new Sampler({
      driver: { name: "t" },
      intervalMs: 1000,
      heartbeatMs: 10_000,
      emit: (x) => out.push(x),
      onError: () => {},
      now: () => now,
    });
    const a = { readings: { x: { v: 1 } } };
    s.offer(a); // first: sent
    now = 1000;
    s.offer(a); // unchanged: not sent
    now = 2000;
    s.offer({ readings: { x: { v: 2 } } }); // changed
    now = 3000;
    s.offer({
      readings: { x: { v: 2 } },
      usage: [{ session: "s", phase: "start", unit: "min", quantity: 0 }],
    });
    now = 12_500;
    s.offer({ readings: { x: { v: 2 } } }); // heartbeat due
    expect(out).toEqual([
      a,
      { readings: { x: { v: 2 } } },
      { usage: [{ session: "s", phase: "start", unit: "min", quantity: 0 }] },
      { readings: { x: { v: 2 } } },
    ]);
  });

  it("polls a driver and reports its failures without stopping", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const s = new Sampler({
      driver: {
        name: "flaky",
        read: () => {
          calls++;
          throw new Error("boom");
        },
      },
      intervalMs: 60_000,
      heartbeatMs: 60_000,
      emit: () => {},
      onError: (e) => errors.push(e),
    });
    await s.tick();
    await s.tick();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(2);
  });
});
