import { SessionMeter } from "./sessionMeter.js";

/** A simulated EV charger: its meter, and the hooks a test or a real integration drives. */
export interface SimulatedCharger {
  meter: SessionMeter;
  /** Whether the contactor is closed (energy flows only while a session runs). */
  readonly relayOn: boolean;
  /** The energy register in Wh (only grows, like a real meter). */
  readonly registerWh: number;
  /** Delivers `wh` watt-hours into the running session: one `progress` report; false when off. */
  deliver(wh: number): boolean;
  /** The car is full or unplugged: the contactor opens and the session stops. */
  unplug(): void;
}

const kwh = (wh: number) => wh / 1000; // integer Wh → kWh with at most 3 decimals, exact in decimal

/**
 * A simulated EV charger metered in kWh: a session starts when a `start-session` command closes the
 * contactor and stops when `stop-session` opens it. Energy is an integer Wh register, so every
 * reported kWh quantity and counter is an exact 3-decimal number; each delivery is a `progress`
 * report with the register as `counter`, with `relay` and `energy` readings alongside. Tests call
 * `deliver` themselves; with `powerW` a timer delivers power × `tickMs` while a session runs.
 */
export function simulatedCharger(
  opts: { registerWh?: number; powerW?: number; tickMs?: number } = {},
): SimulatedCharger {
  let register = opts.registerWh ?? 1_000_000;
  let timer: NodeJS.Timeout | undefined;
  const tickMs = opts.tickMs ?? 60_000;
  const meter = new SessionMeter({
    // With `powerW`, energy flows by itself while a session runs: one progress report per tick.
    lifecycle: {
      start: () => {
        if (opts.powerW)
          timer = setInterval(
            () => charger.deliver(Math.round(((opts.powerW ?? 0) * tickMs) / 3_600_000)),
            tickMs,
          );
      },
      stop: () => clearInterval(timer),
    },
    name: "charger",
    unit: "kWh",
    resolutions: { energy: { unit: "kWh", step: "0.001" } },
    usageStep: "0.001",
    context: (phase) => ({
      counter: kwh(register),
      readings: { relay: { v: phase === "stop" ? "off" : "on" }, energy: { v: kwh(register), u: "kWh" } },
    }),
  });
  const charger: SimulatedCharger = {
    meter,
    get relayOn() {
      return meter.active !== undefined;
    },
    get registerWh() {
      return register;
    },
    deliver(wh) {
      if (!meter.active || !Number.isSafeInteger(wh) || wh < 0) return false;
      register += wh;
      meter.record(kwh(wh));
      return true;
    },
    unplug() {
      meter.end();
    },
  };
  return charger;
}
