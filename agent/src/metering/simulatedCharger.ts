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
 * report with the register as `counter`, with `relay` and `energy` readings alongside.
 */
export function simulatedCharger(opts: { registerWh?: number } = {}): SimulatedCharger {
  let register = opts.registerWh ?? 1_000_000;
  const meter = new SessionMeter({
    name: "charger",
    unit: "kWh",
    context: (phase) => ({
      counter: kwh(register),
      readings: { relay: { v: phase === "stop" ? "off" : "on" }, energy: { v: kwh(register), u: "kWh" } },
    }),
  });
  return {
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
}
