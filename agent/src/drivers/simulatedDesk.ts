import { hourOf, isWeekday, prng } from "./prng.js";
import { roundToStep } from "./resolution.js";
import type { Sample, SensorDriver, UsageReport } from "./sensorDriver.js";

const PROGRESS_EVERY_MS = 15 * 60_000;

/**
 * A simulated coworking desk: occupancy follows a working day (busy 9:00–18:00 on weekdays, quiet at
 * night), with stays of tens of minutes to hours. Each stay is a usage session metered in minutes:
 * `start` on arrival, `progress` every 15 minutes, `stop` on departure.
 */
export function simulatedDesk(seed = 1): SensorDriver {
  const rand = prng(seed);
  let occupied = false;
  let session = "";
  let lastReport = 0;
  let lastRead: number | undefined;
  return {
    name: "desk",
    resolutions: {}, // occupancy only: no numeric readings
    usageStep: "0.01",
    read(now): Sample {
      const dtMin = lastRead === undefined ? 0 : Math.max(0, now - lastRead) / 60_000;
      lastRead = now;
      const h = hourOf(now);
      const busy = isWeekday(now) && h >= 9 && h < 18;
      // Arrival and departure as Poisson processes: rates per minute.
      const pArrive = 1 - Math.exp(-(busy ? 1 / 20 : 1 / 600) * dtMin);
      const pLeave = 1 - Math.exp(-(busy ? 1 / 90 : 1 / 30) * dtMin);
      const usage: UsageReport[] = [];
      const minutes = (to: number) => roundToStep((to - lastReport) / 60_000, "0.01");
      if (!occupied && rand.next() < pArrive) {
        occupied = true;
        session = `desk-${now.toString(36)}`;
        lastReport = now;
        usage.push({ session, phase: "start", unit: "min", quantity: 0 });
      } else if (occupied && rand.next() < pLeave) {
        occupied = false;
        usage.push({ session, phase: "stop", unit: "min", quantity: minutes(now) });
      } else if (occupied && now - lastReport >= PROGRESS_EVERY_MS) {
        usage.push({ session, phase: "progress", unit: "min", quantity: minutes(now) });
        lastReport = now;
      }
      return { readings: { occupied: { v: occupied } }, usage };
    },
  };
}
