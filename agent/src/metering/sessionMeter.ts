import type { UsageUnit } from "@tet/schemas/device";
import type { Readings, Resolutions, Sample, SensorDriver, UsageReport } from "../drivers/index.js";
import { AgentError } from "../errors.js";

/** The session being metered: its id and, when a start command named one, its payer. */
export interface ActiveSession {
  session: string;
  payer?: string;
}

/** What a metered thing adds to each report: its counter (a meter register) and readings. */
export type MeterContext = (phase: UsageReport["phase"]) => { counter?: number; readings?: Readings };

/**
 * The usage meter of one metered thing (a charger's energy, a desk's minutes): a push driver that
 * turns `begin` / `record` / `end` into usage reports — `start` (quantity 0), `progress` (the
 * quantity since the previous report of the session) and `stop` — each carrying the session's payer
 * and, when the thing has one, its counter. The agent signs each report into the device chain as a
 * `usage` statement, never dropped. At most one session runs at a time.
 */
export class SessionMeter implements SensorDriver {
  readonly name: string;
  readonly unit: UsageUnit;
  readonly resolutions: Resolutions | undefined;
  readonly usageStep: string | undefined;
  readonly #context: MeterContext;
  #emit: ((s: Sample) => void) | undefined;
  #active: ActiveSession | undefined;

  readonly #lifecycle: { start?(): void; stop?(): void };

  constructor(opts: {
    name: string;
    unit: UsageUnit;
    context?: MeterContext;
    /** Called when the agent starts and stops the driver (e.g. a simulation timer). */
    lifecycle?: { start?(): void; stop?(): void };
    /** The declared resolutions of its readings (see `SensorDriver`). */
    resolutions?: Resolutions;
    /** The step its quantities and counter keep to (see `SensorDriver`). */
    usageStep?: string;
  }) {
    this.name = opts.name;
    this.unit = opts.unit;
    this.resolutions = opts.resolutions;
    this.usageStep = opts.usageStep;
    this.#context = opts.context ?? (() => ({}));
    this.#lifecycle = opts.lifecycle ?? {};
  }

  /**
   * Starts reporting; the thing's readings go out once at once (a charger that is free, a desk not
   * booked), so its passport shows its state before the first session.
   */
  start(emit: (sample: Sample) => void): void {
    this.#emit = emit;
    this.#lifecycle.start?.();
    const { readings } = this.#context("stop");
    if (readings && !this.#active) emit({ readings });
  }

  stop(): void {
    this.#lifecycle.stop?.();
    this.#emit = undefined;
  }

  /** The session in progress, if any. */
  get active(): ActiveSession | undefined {
    return this.#active;
  }

  /** Starts a session; SESSION_ACTIVE when one is already running. */
  begin(s: ActiveSession): void {
    if (this.#active) throw new AgentError("SESSION_ACTIVE", `session ${this.#active.session} is running`);
    this.#active = { ...s };
    this.#report("start", 0);
  }

  /** Reports `quantity` used since the previous report (a `progress`); ignored with no session. */
  record(quantity: number): void {
    if (this.#active) this.#report("progress", quantity);
  }

  /** Stops the session with the last `quantity` since the previous report; returns what stopped. */
  end(quantity = 0): ActiveSession | undefined {
    const s = this.#active;
    if (!s) return undefined;
    this.#active = undefined;
    this.#report("stop", quantity, s);
    return s;
  }

  #report(phase: UsageReport["phase"], quantity: number, s = this.#active!): void {
    const { counter, readings } = this.#context(phase);
    const u: UsageReport = { session: s.session, phase, unit: this.unit, quantity };
    if (counter !== undefined) u.counter = counter;
    if (s.payer !== undefined) u.payer = s.payer;
    this.#emit?.({ usage: [u], ...(readings ? { readings } : {}) });
  }
}
