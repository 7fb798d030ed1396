import { afterEach, describe, expect, it } from "vitest";
import { isBridgeError } from "../bridgeError.js";
import { socatPair, startModbusServer, toolsMissing } from "../test-support/index.js";
import { planReads, registerValue } from "./decodeRegisters.js";
import { ModbusPoller } from "./modbusPoller.js";
import { loadRegisterMap, parseRegisterMap, type RegisterSpec, readyMapPath } from "./registerMap.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const spec = (s: Partial<RegisterSpec>): RegisterSpec => ({
  name: "x",
  table: "input",
  address: 0,
  type: "uint16",
  scale: 1,
  wordOrder: "big",
  ...s,
});

describe("register maps", () => {
  it.each(["eastron-sdm120", "eastron-sdm630", "xy-md02"])("the ready map %s is valid", (name) => {
    const map = loadRegisterMap(readyMapPath(name));
    expect(map.registers.length).toBeGreaterThan(1);
    expect(map.unitId).toBe(1);
  });

  it.each([
    [{ device: "d", registers: [{ name: "v", address: 0, type: "float32", sacle: 2 }] }, /unknown key sacle/],
    [{ device: "d", registers: [{ name: "v", address: 65535, type: "float32" }] }, /address/],
    [{ device: "d", registers: [{ name: "v", address: 0, type: "float16" }] }, /type/],
    [{ device: "d", registers: [{ name: "v", address: 0, type: "int16", scale: 0 }] }, /scale/],
    [
      {
        device: "d",
        registers: [
          { name: "v", address: 0, type: "int16" },
          { name: "v", address: 2, type: "int16" },
        ],
      },
      /twice/,
    ],
    [{ device: "d", registers: [] }, /registers/],
    [{ device: "d", unitId: 300, registers: [{ name: "v", address: 0, type: "int16" }] }, /unitId/],
  ])("refuses a bad map (%j)", (json, why) => {
    let error: unknown;
    try {
      parseRegisterMap(json);
    } catch (e) {
      error = e;
    }
    expect(isBridgeError(error, "MAP_INVALID")).toBe(true);
    expect((error as Error).message).toMatch(why);
  });

  it("decodes each register type, scale and word order", () => {
    expect(registerValue(spec({ type: "int16" }), [0xfff6], 0)).toBe(-10);
    expect(registerValue(spec({ type: "int16", scale: 0.1 }), [0x00e5], 0)).toBe(22.9);
    expect(registerValue(spec({ type: "uint32" }), [0x0001, 0x0002], 0)).toBe(65538);
    expect(registerValue(spec({ type: "uint32", wordOrder: "little" }), [0x0002, 0x0001], 0)).toBe(65538);
    expect(registerValue(spec({ type: "int32", address: 5 }), [0, 0, 0xffff, 0xfffe], 3)).toBe(-2);
    expect(registerValue(spec({ type: "float32" }), [0x4366, 0x199a], 0)).toBe(230.1);
    expect(registerValue(spec({ type: "uint64", scale: 0.001 }), [0, 0, 0x0001, 0x0000], 0)).toBe(65.536);
    expect(registerValue(spec({ type: "float64" }), [0x3ff8, 0, 0, 0], 0)).toBe(1.5);
  });

  it("plans few reads: neighbours share a request, far registers and other tables do not", () => {
    const map = loadRegisterMap(readyMapPath("eastron-sdm120"));
    const plan = planReads(map.registers);
    expect(plan.map((b) => [b.address, b.count])).toEqual([
      [0x0000, 0x26],
      [0x0046, 0x0a],
      [0x0156, 0x04],
    ]);
    const mixed = planReads([
      spec({ address: 10 }),
      spec({ address: 0, table: "holding" }),
      spec({ address: 200 }),
    ]);
    expect(mixed.map((b) => `${b.table}@${b.address}`)).toEqual(["holding@0", "input@10", "input@200"]);
  });
});

/** A real Modbus TCP server holding `values` for a ready map, and a poller for it. */
async function device(name: string, values: Record<string, number>, timeoutMs?: number) {
  const map = loadRegisterMap(readyMapPath(name));
  const server = await startModbusServer(map, values);
  cleanups.push(server.close);
  const line = { kind: "tcp" as const, host: "127.0.0.1", port: server.port };
  const poller = new ModbusPoller({ line, map, ...(timeoutMs ? { timeoutMs } : {}) });
  cleanups.push(() => poller.close());
  return { map, server, poller };
}

describe.skipIf(toolsMissing("socat"))("ModbusPoller over RTU: a real serial line (socat pty pair)", () => {
  it("reads the XY-MD02 from modbus-serial's ServerSerial on the other end of the line", async () => {
    const pty = await socatPair();
    cleanups.push(pty.close);
    const map = loadRegisterMap(readyMapPath("xy-md02"));
    const sensor = await startModbusServer(map, { temperature: 21.7, humidity: 38.2 }, pty.mcu);
    cleanups.push(sensor.close);
    const poller = new ModbusPoller({
      line: { kind: "rtu", path: pty.host, baudRate: 9600 },
      map,
      timeoutMs: 2000,
    });
    cleanups.push(() => poller.close());
    expect(await poller.read()).toEqual([
      { name: "temperature", value: 21.7, unit: "Cel" },
      { name: "humidity", value: 38.2, unit: "%RH" },
    ]);
  });
});

describe("ModbusPoller against a real Modbus TCP server", () => {
  it("reads an Eastron SDM120 as readings with units", async () => {
    const values = { voltage: 230.1, current: 4.25, power: 978, total_energy: 1234.5, frequency: 50 };
    const { map, server: meter, poller } = await device("eastron-sdm120", values);
    const byName = Object.fromEntries((await poller.read()).map((r) => [r.name, r]));
    expect(byName.voltage).toEqual({ name: "voltage", value: 230.1, unit: "V" });
    expect(byName.current).toEqual({ name: "current", value: 4.25, unit: "A" });
    expect(byName.power?.value).toBe(978);
    expect(byName.total_energy).toEqual({ name: "total_energy", value: 1234.5, unit: "kWh" });
    expect(byName.frequency?.value).toBe(50);
    expect(Object.keys(byName)).toHaveLength(map.registers.length);
    meter.set("voltage", 229.8);
    expect((await poller.read()).find((r) => r.name === "voltage")?.value).toBe(229.8);
  });

  it("reads the XY-MD02 environmental sensor (int16 tenths)", async () => {
    const { poller } = await device("xy-md02", { temperature: -3.4, humidity: 56.7 });
    expect(await poller.read()).toEqual([
      { name: "temperature", value: -3.4, unit: "Cel" },
      { name: "humidity", value: 56.7, unit: "%RH" },
    ]);
  });

  it("reads an SDM630 in four requests, and fails with MODBUS_FAILED when the meter is gone", async () => {
    const values = { voltage_l1: 231, voltage_l2: 229.5, voltage_l3: 230.25, power: 5123 };
    const { map, server: meter, poller } = await device("eastron-sdm630", values, 500);
    const r = await poller.read();
    expect(r.find((x) => x.name === "voltage_l3")?.value).toBe(230.25);
    expect(planReads(map.registers)).toHaveLength(4);
    await meter.close();
    await poller.close();
    await expect(poller.read()).rejects.toMatchObject({ code: "MODBUS_FAILED" });
  });
});
