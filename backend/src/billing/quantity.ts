import type { UsageUnit } from "@tet/schemas";
import { BillingError } from "./billingError.js";

/** Quantities are billed in micro-units (10⁻⁶ of the unit) as exact integers. */
export const MICRO = 1_000_000n;

/**
 * A usage quantity (a CBOR uint or float) as an exact count of micro-units: the number's shortest
 * round-trip decimal form (ECMA-262 Number::toString) rounded half-up at the sixth decimal. So 0.1
 * is exactly 100,000 micro-units and summing many statements never drifts as floats would.
 */
export function toMicro(q: number): bigint {
  if (!Number.isFinite(q) || q < 0) throw new BillingError("INVOICE_MALFORMED", `bad quantity ${q}`);
  // Fast path, same result: below 2^32 a double's ulp is under 10⁻⁶, so if r × 10⁻⁶ rounds back to
  // q, r × 10⁻⁶ is q's shortest decimal (at most 6 decimals) and r its exact micro-unit count.
  if (q < 2 ** 32) {
    const r = Math.round(q * 1e6);
    if (r / 1e6 === q) return BigInt(r);
  }
  return slowMicro(q);
}

/** toMicro by the decimal string itself (exported for the equivalence property test). */
export function slowMicro(q: number): bigint {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(q.toString());
  if (!m) throw new BillingError("INVOICE_MALFORMED", `bad quantity ${q}`);
  const digits = `${m[1]}${m[2] ?? ""}`;
  const scale = (m[2]?.length ?? 0) - Number(m[3] ?? 0); // value = digits × 10^-scale
  const n = BigInt(digits);
  if (scale <= 6) return n * 10n ** BigInt(6 - scale);
  const div = 10n ** BigInt(scale - 6);
  return (n + div / 2n) / div; // half-up at 10⁻⁶
}

/** Micro-units as a plain decimal string without trailing zeros ("12.3", "95"). */
export function microToDecimal(micro: bigint): string {
  const whole = micro / MICRO;
  const frac = (micro % MICRO).toString().padStart(6, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole.toString();
}

// Units of one family convert exactly by these factors (seconds, watt-hours, litres).
const FACTOR: Partial<Record<UsageUnit, [family: string, factor: bigint]>> = {
  s: ["time", 1n],
  min: ["time", 60n],
  h: ["time", 3600n],
  Wh: ["energy", 1n],
  kWh: ["energy", 1000n],
  l: ["volume", 1n],
  m3: ["volume", 1000n],
};

/**
 * The exact ratio that converts a quantity in `from` into `to` (numerator, denominator), or
 * undefined when the units do not convert (kWh into minutes). `session` and `count` convert only
 * into themselves.
 */
export function unitRatio(from: UsageUnit, to: UsageUnit): [bigint, bigint] | undefined {
  if (from === to) return [1n, 1n];
  const a = FACTOR[from];
  const b = FACTOR[to];
  if (!a || !b || a[0] !== b[0]) return undefined;
  return [a[1], b[1]];
}
