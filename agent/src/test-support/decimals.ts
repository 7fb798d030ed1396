/** The places after the point of a number's shortest decimal form, `String(v)` (`1e-7` counts 7). */
export function placesOf(v: number): number {
  const m = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(v));
  if (!m) throw new Error(`not a decimal: ${v}`);
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}

/** True when `v`, written in decimal, is a whole multiple of `step` ("0.1"): exact, in digits, not floats. */
export function isMultipleOf(v: number, step: string): boolean {
  const places = Math.max(placesOf(v), (step.split(".")[1] ?? "").length);
  const scaled = (x: string) => {
    const [int = "", frac = ""] = x.replace("-", "").split(".");
    return BigInt(int + frac.padEnd(places, "0"));
  };
  const text = /e/.test(String(v)) ? v.toFixed(placesOf(v)) : String(v);
  return scaled(text) % scaled(step) === 0n;
}
