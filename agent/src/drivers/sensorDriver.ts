import type { UsageUnit } from "@tet/schemas/device";
import type { Resolutions } from "./resolution.js";

export type ReadingValue = number | string | boolean;
/** Readings SenML-style: a value and an optional SenML unit per name, e.g. `{ temperature: { v: 21.5, u: "Cel" } }`. */
export type Readings = Record<string, { v: ReadingValue; u?: string }>;

/** Metered usage for a session: how much since the session's previous report. */
export interface UsageReport {
  session: string;
  phase: "start" | "progress" | "stop";
  unit: UsageUnit;
  quantity: number;
  counter?: number;
  /** Who pays for the session (as the start command named them), on every report of it. */
  payer?: string;
}

/** What a driver reports at once: readings (telemetry) and usage (never dropped). */
export interface Sample {
  readings?: Readings;
  usage?: UsageReport[];
}

/**
 * A sensor driver. Poll drivers implement `read` (the sampler calls it every `interval` and sends a
 * statement on change or on the heartbeat); push drivers — the firmware bridge, which receives
 * frames from a microcontroller — implement `start`/`stop` and call `emit` when data arrives.
 */
export interface SensorDriver {
  readonly name: string;
  /**
   * The declared resolution of each numeric reading (name → unit and step): the sampler rounds every
   * reading to it before it becomes a statement, so the signed value is the one people read.
   */
  readonly resolutions?: Resolutions | undefined;
  /** The step of its usage quantities and counter (e.g. "0.001" kWh): the meter's own arithmetic keeps to it. */
  readonly usageStep?: string | undefined;
  read?(now: number): Promise<Sample> | Sample;
  start?(emit: (sample: Sample) => void): void;
  stop?(): void;
}
