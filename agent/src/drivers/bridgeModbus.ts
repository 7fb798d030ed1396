import {
  loadRegisterMap,
  type ModbusLine,
  ModbusPoller,
  parseTransport,
  type RegisterMap,
  readyMapPath,
} from "@tet/firmware-bridge";
import type { TomlValue } from "../config/index.js";
import { AgentError } from "../errors.js";
import type { Resolution, Resolutions } from "./resolution.js";
import type { Readings, SensorDriver } from "./sensorDriver.js";

/**
 * A Modbus meter or sensor as a poll driver: every interval the sampler calls `read`, which polls
 * the registers of the map (one request per block of nearby registers) and returns them as
 * readings with their units. A failed poll rejects (the sampler logs it and tries again next time).
 */
export function modbusDriver(poller: ModbusPoller, device: string, resolutions?: Resolutions): SensorDriver {
  return {
    name: `modbus ${device}`,
    ...(resolutions ? { resolutions } : {}),
    async read() {
      const readings: Readings = {};
      for (const r of await poller.read())
        readings[r.name] = r.unit === undefined ? { v: r.value } : { v: r.value, u: r.unit };
      return { readings };
    },
    stop: () => void poller.close(),
  };
}

/**
 * The `[[sensor]] driver = "modbus"` factory: `line = "tcp://host:502"` (Modbus TCP) or
 * `"serial:/dev/ttyUSB0?baud=9600"` (RTU), `map = "eastron-sdm120"` (a ready map) or a path to a
 * map file, optional `unit` (slave address), `parity` ("none", "even", "odd") and `timeout` (s).
 */
export function modbusDriverFromConfig(o: Record<string, TomlValue>): SensorDriver {
  const bad = (why: string): never => {
    throw new AgentError("CONFIG_INVALID", `modbus driver: ${why}`);
  };
  if (typeof o.line !== "string") bad('line = "tcp://host:502" or "serial:/dev/ttyUSB0?baud=9600" is needed');
  if (typeof o.map !== "string") bad('map = "eastron-sdm120" or a path to a register map is needed');
  try {
    const t = parseTransport(o.line as string);
    const parity = o.parity === "even" || o.parity === "odd" ? o.parity : "none";
    const line: ModbusLine =
      t.kind === "tcp"
        ? { kind: "tcp", host: t.host, port: t.port }
        : t.kind === "serial"
          ? { kind: "rtu", path: t.path, baudRate: t.baudRate ?? 9600, parity }
          : bad("line must be tcp:// or serial:");
    const name = o.map as string;
    const map = loadRegisterMap(name.includes("/") || name.endsWith(".json") ? name : readyMapPath(name));
    const poller = new ModbusPoller({
      line,
      map,
      ...(typeof o.unit === "number" ? { unitId: o.unit } : {}),
      ...(typeof o.timeout === "number" ? { timeoutMs: o.timeout * 1000 } : {}),
    });
    return modbusDriver(poller, map.device, mapResolutions(map));
  } catch (e) {
    if (e instanceof AgentError) throw e;
    throw new AgentError("CONFIG_INVALID", `modbus driver: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The resolution of each integer register: its scale (a register of 2301 at scale 0.1 reads 230.1,
 * to 0.1 V). Float registers carry the meter's own value and declare none.
 */
export function mapResolutions(map: RegisterMap): Resolutions {
  const out: Record<string, Resolution> = {};
  for (const r of map.registers) {
    const step = String(r.scale);
    if (r.type.startsWith("float") || !/^\d+(\.\d+)?$/.test(step)) continue;
    out[r.name] = r.unit === undefined ? { step } : { unit: r.unit, step };
  }
  return out;
}
