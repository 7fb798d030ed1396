import { once } from "node:events";
import { type AddressInfo, createServer, type Socket } from "node:net";
import { encodeFrame, loadRegisterMap, type Message, readyMapPath } from "@tet/firmware-bridge";
import { startModbusServer } from "@tet/firmware-bridge/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { isAgentError } from "../errors.js";
import { createDriver } from "../index.js"; // the package entry, which has the bridge kinds loaded
import { cjsModulesLoaded } from "../test-support/index.js";
import { bridgeDriverFromConfig } from "./bridgeDriver.js";
import { mapResolutions } from "./bridgeModbus.js";
import { Sampler } from "./sampler.js";
import type { Sample } from "./sensorDriver.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A microcontroller on a TCP line (as behind a serial-to-Ethernet converter): the test writes its frames. */
async function mcuOnTcp() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const connected = once(server, "connection") as Promise<[Socket]>;
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { port: (server.address() as AddressInfo).port, socket: async () => (await connected)[0] };
}

/** An `emit` for a push driver, and the first `n` samples it receives. */
function collect(n: number) {
  const got: Sample[] = [];
  let done: (s: Sample[]) => void = () => {};
  const first = new Promise<Sample[]>((resolve) => {
    done = resolve;
  });
  const emit = (s: Sample) => {
    got.push(s);
    if (got.length === n) done(got);
  };
  return { emit, first };
}

describe("the bridge driver", () => {
  it("turns frames into full reading snapshots, and counts damaged frames as bridge.rejected", async () => {
    const mcu = await mcuOnTcp();
    const driver = createDriver({
      driver: "bridge",
      interval: 1,
      heartbeat: 60,
      options: { transport: `tcp://127.0.0.1:${mcu.port}` },
    });
    const samples = collect(6);
    driver.start!(samples.emit);
    cleanups.push(() => driver.stop!());
    const socket = await mcu.socket();
    const frames: Message[] = [
      { type: "hello", firmware: "2.1.0", device: "env-7", sensors: ["temperature", "humidity"] },
      { type: "reading", reading: { name: "temperature", value: 21.5, unit: "Cel" } },
      {
        type: "batch",
        readings: [
          { name: "humidity", value: 40, unit: "%RH" },
          { name: "temperature", value: 21.75, unit: "Cel" },
        ],
      },
    ];
    const damaged = encodeFrame({ type: "event", name: "door" });
    damaged[3]! ^= 0x40;
    const door: Message = { type: "event", name: "door" };
    const restart: Message = { type: "hello", firmware: "2.2.0", device: "env-7", sensors: ["humidity"] };
    socket.write(
      Buffer.concat([...frames.map(encodeFrame), damaged, encodeFrame(door), encodeFrame(restart)]),
    );
    const got = await samples.first;
    // a restarted MCU: its old readings are gone, the line's rejection count stays
    expect(got[5]).toEqual({ readings: { firmware: { v: "2.2.0" }, "bridge.rejected": { v: 1 } } });
    expect(got[0]).toEqual({ readings: { firmware: { v: "2.1.0" } } });
    expect(got[2]).toEqual({
      readings: {
        firmware: { v: "2.1.0" },
        temperature: { v: 21.75, u: "Cel" },
        humidity: { v: 40, u: "%RH" },
      },
    });
    expect(got[3]?.readings?.["bridge.rejected"]).toEqual({ v: 1 });
    expect(got[4]?.readings).toMatchObject({ door: { v: true }, "bridge.rejected": { v: 1 } });
  });

  it("signs the MCU's numbers at the configured resolution (resolution = 0.1)", async () => {
    const mcu = await mcuOnTcp();
    const driver = createDriver({
      driver: "bridge",
      interval: 1,
      heartbeat: 60,
      options: { transport: `tcp://127.0.0.1:${mcu.port}`, resolution: 0.1 },
    });
    expect(driver.resolutions).toEqual({ "*": { step: "0.1" } });
    const samples = collect(1);
    const sampler = new Sampler({
      driver,
      intervalMs: 1000,
      heartbeatMs: 60_000,
      emit: samples.emit,
      onError: () => {},
    });
    sampler.start();
    cleanups.push(() => sampler.stop());
    const reading = { name: "temperature", value: 28.400000000000002, unit: "Cel" };
    (await mcu.socket()).write(encodeFrame({ type: "reading", reading }));
    const [first] = await samples.first;
    expect(first?.readings?.temperature).toEqual({ v: 28.4, u: "Cel" });
    expect(() => bridgeDriverFromConfig({ transport: "tcp://[::1]:4001", resolution: "1e-3" })).toThrow(
      /resolution must be a positive decimal/,
    );
  });

  it("refuses a configuration without a usable transport or a pass-through without a broker", () => {
    const fails = (options: Record<string, string>) => {
      try {
        bridgeDriverFromConfig(options);
      } catch (e) {
        return isAgentError(e, "CONFIG_INVALID") ? e.message : "other error";
      }
      return "accepted";
    };
    expect(fails({})).toMatch(/needs transport/);
    expect(fails({ transport: "usb:3" })).toMatch(/serial:PATH/);
    expect(fails({ transport: "stdio:" })).toMatch(/needs command/);
    expect(fails({ transport: "tcp://[::1]:4001", passthrough: "aaaaaaaaaaaaaaaaaaaaaaaaaa" })).toMatch(
      /broker/,
    );
  });
});

describe("the modbus driver", () => {
  it("polls a ready map from a Modbus TCP server into readings", async () => {
    const meter = await startModbusServer(loadRegisterMap(readyMapPath("eastron-sdm120")), {
      voltage: 231.2,
      power: 1500,
    });
    cleanups.push(meter.close);
    const driver = createDriver({
      driver: "modbus",
      interval: 10,
      heartbeat: 60,
      options: { line: `tcp://127.0.0.1:${meter.port}`, map: "eastron-sdm120" },
    });
    cleanups.push(() => driver.stop!());
    const { readings } = await driver.read!(Date.now());
    expect(readings?.voltage).toEqual({ v: 231.2, u: "V" });
    expect(readings?.power).toEqual({ v: 1500, u: "W" });
    // Integer registers declare their scale as resolution; float registers carry the meter's own value.
    expect(driver.resolutions).toEqual({});
    expect(mapResolutions(loadRegisterMap(readyMapPath("xy-md02")))).toEqual({
      temperature: { unit: "Cel", step: "0.1" },
      humidity: { unit: "%RH", step: "0.1" },
    });
    expect(() =>
      createDriver({ driver: "modbus", interval: 1, heartbeat: 1, options: { line: "stdio:", map: "x" } }),
    ).toThrow(/tcp:\/\/ or serial:/);
  });
});

describe("the agent stays light", () => {
  it("loads neither serialport nor modbus-serial until a serial or Modbus line is used", () => {
    const { before, after } = cjsModulesLoaded({
      pattern: /node_modules\/(serialport|@serialport|modbus-serial)\//,
      code: `
        const { createDriver } = await import("@tet/agent");
        createDriver({ driver: "bridge", interval: 1, heartbeat: 60, options: { transport: "serial:/dev/null" } });
        createDriver({ driver: "modbus", interval: 1, heartbeat: 60, options: { line: "tcp://127.0.0.1:9", map: "xy-md02" } });`,
      control: `await import("modbus-serial");`,
    });
    expect(before).toBe(0);
    expect(after).toBeGreaterThan(0); // the probe can see them once they are loaded
  });
});
