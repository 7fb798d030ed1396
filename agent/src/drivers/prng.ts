/**
 * A small seeded PRNG (mulberry32): the simulated drivers are realistic but reproducible, so a test
 * or a demo with the same seed sees the same readings.
 */
export function prng(seed: number): { next(): number; normal(): number } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box–Muller: a standard normal deviate from two uniforms.
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

/** The hour of day (UTC, fractional) of a timestamp: the simulations follow a working day. */
export const hourOf = (ms: number) => (ms / 3_600_000) % 24;
/** True on Monday–Friday (UTC). */
export const isWeekday = (ms: number) => {
  const d = new Date(ms).getUTCDay();
  return d >= 1 && d <= 5;
};
