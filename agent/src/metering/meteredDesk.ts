import type { ActiveSession } from "./sessionMeter.js";
import { SessionMeter } from "./sessionMeter.js";

/** A coworking desk metered in minutes, driven by occupancy and by booking commands. */
export interface MeteredDesk {
  meter: SessionMeter;
  readonly occupied: boolean;
  /** Someone sits down: starts a session unless one runs (a walk-in gets a fresh id, no payer). */
  occupy(now: number): void;
  /** Time passes while occupied: a `progress` report every `progressMinutes` of use. */
  advance(minutes: number): void;
  /** The desk is left: stops the session with the minutes since the last report. */
  vacate(): ActiveSession | undefined;
}

/**
 * A metered desk: usage sessions in minutes start from occupancy (sitting down) or from an explicit
 * `start-session` command (a booking), and stop when the desk is vacated or on `stop-session` (the
 * booking ends). Minutes accrue as integers of `advance`, reported every `progressMinutes` (15).
 */
export function meteredDesk(opts: { progressMinutes?: number; clock?: boolean } = {}): MeteredDesk {
  const every = opts.progressMinutes ?? 15;
  let occupied = false;
  let pending = 0;
  let timer: NodeJS.Timeout | undefined;
  const meter = new SessionMeter({
    // With `clock`, a running session gains a minute every minute of wall time (the tet-agent driver).
    lifecycle: {
      start: () => {
        if (opts.clock) timer = setInterval(() => desk.advance(1), 60_000);
      },
      stop: () => clearInterval(timer),
    },
    name: "desk",
    unit: "min",
    resolutions: {}, // occupancy only: no numeric readings
    usageStep: "1",
    context: (phase) => ({ readings: { occupied: { v: phase === "stop" ? false : occupied } } }),
  });
  const end = meter.end.bind(meter);
  // Whoever ends the session (vacating, or a stop command), the minutes not yet reported go with it.
  meter.end = () => {
    const q = pending;
    pending = 0;
    return end(q);
  };
  const desk: MeteredDesk = {
    meter,
    get occupied() {
      return occupied;
    },
    occupy(now) {
      occupied = true;
      if (!meter.active) meter.begin({ session: `desk-${now.toString(36)}` });
    },
    advance(minutes) {
      if (!meter.active) return;
      for (let m = 0; m < minutes; m++) {
        pending++;
        if (pending >= every) {
          meter.record(pending);
          pending = 0;
        }
      }
    },
    vacate() {
      occupied = false;
      return meter.end();
    },
  };
  return desk;
}
