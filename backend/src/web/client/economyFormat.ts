/** An integer in base units (decimal string) with `decimals` places, digits grouped, trailing zeros cut. */
export function formatUnits(base: string, decimals: number, places = decimals): string {
  if (!/^\d+$/.test(base)) return base;
  const digits = base.padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals).replace(/^0+(?=\d)/, "");
  const frac = digits.slice(digits.length - decimals, digits.length - decimals + places).replace(/0+$/, "");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac ? `.${frac}` : ""}`;
}

/** A decimal the holder typed ("12.5") as base units with `decimals` places, or undefined if it is not one. */
export function parseUnits(text: string, decimals: number): bigint | undefined {
  const m = /^\s*(\d{1,30})(?:[.,](\d*))?\s*$/.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? "";
  if (frac.length > decimals) return undefined;
  return BigInt(m[1] as string) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
}

/** A span of seconds as people say it: "45 s", "12 min", "3 h 20 min", "2 d 4 h". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  const h = Math.floor(s / 3600);
  if (h < 48) return `${h} h${s % 3600 >= 60 ? ` ${Math.floor((s % 3600) / 60)} min` : ""}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ""}`;
}

/** a / b as a percentage with one decimal (bigints of any size). */
export function percent(a: bigint, b: bigint): string {
  if (b === 0n) return "—";
  const tenths = (a * 1000n) / b;
  return `${tenths / 10n}.${tenths % 10n} %`;
}
