import { execFile } from "node:child_process";
import { AgentError } from "../errors.js";
import type { Resolutions } from "./resolution.js";
import type { Readings, Sample, SensorDriver } from "./sensorDriver.js";

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;

/**
 * Runs a command (no shell) and reads one JSON object from its standard output: either
 * `{"name": {"v": 21.5, "u": "Cel"}}` or the short form `{"name": 21.5}`. Any way to read a sensor a
 * script can reach becomes a driver. A command that fails, times out or prints anything else is a
 * DRIVER_FAILED, and no statement is made from it. `resolutions` (from `resolution = 0.1` in its
 * `[[sensor]]` table) is what its numbers are rounded to before signing; without, they go as printed.
 */
export function execDriver(
  command: readonly string[],
  timeoutMs = 5000,
  resolutions?: Resolutions,
): SensorDriver {
  const [file, ...args] = command;
  if (!file) throw new AgentError("CONFIG_INVALID", 'exec driver needs command = ["program", …]');
  return {
    name: "exec",
    ...(resolutions ? { resolutions } : {}),
    read: () =>
      new Promise<Sample>((resolve, reject) => {
        execFile(file, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 }, (error, stdout) => {
          if (error)
            return reject(new AgentError("DRIVER_FAILED", `${file}: ${error.message}`, { cause: error }));
          try {
            resolve({ readings: parseReadings(JSON.parse(stdout)) });
          } catch (cause) {
            reject(
              new AgentError("DRIVER_FAILED", `${file} printed no readings: ${(cause as Error).message}`, {
                cause,
              }),
            );
          }
        });
      }),
  };
}

/** Checks readings from untrusted JSON: names, value types and units as the `state` schema wants them. */
export function parseReadings(json: unknown): Readings {
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new Error("not a JSON object");
  const out: Readings = {};
  for (const [name, raw] of Object.entries(json)) {
    if (!NAME.test(name)) throw new Error(`bad reading name ${JSON.stringify(name)}`);
    const r: { v?: unknown; u?: unknown } = raw !== null && typeof raw === "object" ? raw : { v: raw };
    const v = r.v;
    const ok =
      typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)) || typeof v === "string";
    if (!ok) throw new Error(`${name}: value must be a number, string or boolean`);
    if (r.u !== undefined && typeof r.u !== "string") throw new Error(`${name}: unit must be a string`);
    out[name] = r.u === undefined ? { v } : { v, u: r.u };
  }
  return out;
}
