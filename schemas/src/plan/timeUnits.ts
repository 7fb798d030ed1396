/** The time units a plan counts in: minutes, hours, days or weeks (elapsed time, no calendar). */
export const TIME_UNITS = ["min", "h", "d", "w"] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Milliseconds in one time unit. */
export const UNIT_MS: Readonly<Record<TimeUnit, number>> = {
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Schedules count in ticks of one sixth of the plan's time unit, so that a PERT mean
 * te = (o + 4m + p) / 6 is an exact integer number of ticks (o + 4m + p) and every date of a
 * schedule is exact. Every unit's length in milliseconds is divisible by 6, so a tick is a whole
 * number of milliseconds too (10 s for minutes, 10 min for hours, 4 h for days, 28 h for weeks).
 */
export const TICKS_PER_UNIT = 6;

/** Milliseconds in one tick of `unit`. */
export function tickMs(unit: TimeUnit): number {
  return UNIT_MS[unit] / TICKS_PER_UNIT;
}

/** A time in ticks as a (possibly fractional) number of time units: 63 ticks → 10.5. */
export function ticksToUnits(ticks: number): number {
  return ticks / TICKS_PER_UNIT;
}

/** The instant (ms since the epoch) `ticks` after a plan's `start`. */
export function ticksToTime(opts: { start: number; unit: TimeUnit; ticks: number }): number {
  return opts.start + opts.ticks * tickMs(opts.unit);
}
