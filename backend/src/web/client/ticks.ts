/** Axis ticks: the values to mark and the decimals their labels need. */
export interface Ticks {
  lo: number;
  hi: number;
  values: number[];
  decimals: number;
}

/**
 * "Nice" value ticks over [min, max] (Heckbert, Graphics Gems I, "Nice numbers for graph labels"):
 * a step of 1, 2 or 5 × 10^k giving about `count` intervals, the axis widened to whole steps, and the
 * decimals of the step, so that a range of 1000.02–1000.05 is labelled 1000.02, 1000.03… and never
 * "1000" at both ends. A flat series gets a range of its own resolution around it.
 */
export function niceTicks(
  min: number,
  max: number,
  opts: { count?: number; resolution?: number } = {},
): Ticks {
  const count = opts.count ?? 4;
  let [a, b] = [min, max];
  if (!(b > a)) {
    const pad = opts.resolution && opts.resolution > 0 ? opts.resolution * 2 : Math.abs(a) / 100 || 1;
    [a, b] = [a - pad, b + pad];
  }
  const step = niceNumber((b - a) / count);
  const lo = Math.floor(a / step) * step;
  const hi = Math.ceil(b / step) * step;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const values: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) values.push(Number(v.toFixed(decimals)));
  return { lo: values[0] ?? lo, hi: values[values.length - 1] ?? hi, values, decimals };
}

function niceNumber(x: number): number {
  const exp = Math.floor(Math.log10(x));
  const f = x / 10 ** exp;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * 10 ** exp;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Time steps a clock or a calendar marks. */
const TIME_STEPS = [
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  91 * DAY,
  365 * DAY,
];

/** Time ticks: instants and their labels. */
export interface TimeTicks {
  values: number[];
  labels: string[];
}

/**
 * Time ticks over [t0, t1] (ms) at a clock step (1 min … 1 year) giving at most `count` ticks, on
 * whole steps of local time; labelled with the time of day under two days, else the date.
 */
export function timeTicks(
  t0: number,
  t1: number,
  opts: { count?: number; timeZoneOffsetMin?: number } = {},
): TimeTicks {
  const count = opts.count ?? 5;
  const span = Math.max(t1 - t0, MIN);
  const step = TIME_STEPS.find((s) => span / s <= count) ?? 365 * DAY;
  const offset = (opts.timeZoneOffsetMin ?? new Date(t0).getTimezoneOffset()) * MIN;
  const first = Math.ceil((t0 - offset) / step) * step + offset;
  const values: number[] = [];
  for (let t = first; t <= t1; t += step) values.push(t);
  const clock = span < 2 * DAY;
  const labels = values.map((t) =>
    clock
      ? new Date(t).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })
      : new Date(t).toLocaleDateString("en-GB", { day: "numeric", month: "short" }),
  );
  return { values, labels };
}
