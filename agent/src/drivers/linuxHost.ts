import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readings, Sample, SensorDriver } from "./sensorDriver.js";

/** What the host reports, and to what resolution: what /proc and /sys give, as the driver rounds them. */
export const LINUX_RESOLUTIONS = {
  load1: { step: "0.01" },
  memory: { unit: "%", step: "0.1" },
  uptime: { unit: "s", step: "1" },
  cpu_temperature: { unit: "Cel", step: "0.1" },
} as const;

/**
 * The Linux host the agent runs on: 1-minute load average (/proc/loadavg), memory in use
 * (/proc/meminfo: MemTotal − MemAvailable, as %), uptime (/proc/uptime, s) and the CPU temperature
 * (the first /sys/class/thermal zone, m°C → Cel) when the board has one. Files it cannot read are
 * left out rather than reported as zero. `root` lets tests point it at a fixture tree.
 */
export function linuxHost(root = "/"): SensorDriver {
  const read = (p: string) => {
    try {
      return readFileSync(join(root, p), "utf8");
    } catch {
      return undefined;
    }
  };
  return {
    name: "linux",
    resolutions: LINUX_RESOLUTIONS,
    read(): Sample {
      const readings: Readings = {};
      const load = Number(read("proc/loadavg")?.split(" ")[0]);
      if (Number.isFinite(load)) readings.load1 = { v: load };
      const mem = read("proc/meminfo");
      const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(mem ?? "")?.[1]);
      const total = kb("MemTotal");
      const available = kb("MemAvailable");
      if (total > 0 && Number.isFinite(available))
        readings.memory = { v: Math.round(((total - available) / total) * 1000) / 10, u: "%" };
      const uptime = Number(read("proc/uptime")?.split(" ")[0]);
      if (Number.isFinite(uptime)) readings.uptime = { v: Math.floor(uptime), u: "s" };
      const temp = cpuTemperature(root, read);
      if (temp !== undefined) readings.cpu_temperature = { v: temp, u: "Cel" };
      return { readings };
    },
  };
}

function cpuTemperature(root: string, read: (p: string) => string | undefined): number | undefined {
  let zones: string[];
  try {
    zones = readdirSync(join(root, "sys/class/thermal")).filter((z) => z.startsWith("thermal_zone"));
  } catch {
    return undefined;
  }
  for (const z of zones.sort()) {
    const milli = Number(read(`sys/class/thermal/${z}/temp`));
    if (Number.isFinite(milli) && milli !== 0) return Math.round(milli / 100) / 10;
  }
  return undefined;
}
