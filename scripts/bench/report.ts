/**
 * The one way a benchmark program reports a figure: a `BENCH {json}` line on stdout that
 * `scripts/bench.mjs` collects into the table `npm run bench` prints. Benchmarks are programs, not
 * tests: they measure and print, and never fail on a figure.
 *
 * Every export here is tagged `@public`: each package's bench/ imports this module across the
 * workspace, and Biome's noPrivateImports (default visibility "package") honours the tag.
 * @public
 */
export interface BenchRow {
  /** The package or area, e.g. "schemas". */
  suite: string;
  /** What was measured, e.g. "verify (node:crypto)". */
  name: string;
  value: number;
  /** e.g. "ops/s", "ms", "bytes/entry". */
  unit: string;
  /** Optional target, e.g. "≥ 100,000". */
  target?: string;
  /** Optional free text, e.g. the sample size. */
  note?: string;
}

/**
 * Prints one figure as a `BENCH {json}` line.
 * @public
 */
export function report(row: BenchRow): void {
  process.stdout.write(`BENCH ${JSON.stringify(row)}\n`);
}

/**
 * Runs `fn` repeatedly for about `ms` milliseconds after a short warm-up and returns operations per
 * second.
 * @public
 */
export function opsPerSecond(fn: () => void, ms = 1000): number {
  const warmUntil = performance.now() + Math.min(200, ms / 5);
  while (performance.now() < warmUntil) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 64; i++) fn();
    n += 64;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/**
 * The q-quantile (0..1) of a list of numbers, by nearest rank.
 * @public
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}
