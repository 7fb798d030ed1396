import type { UsageUnit } from "@tet/schemas";
import type { BillingErrorCode } from "./billingError.js";

/** The rounding rule, stated in every invoice. */
export const ROUNDING_RULE =
  "quantities: exact micro-units (shortest decimal of each usage quantity, half-up at 1e-6); " +
  "line amount = floor(session total in tariff units × price), once per session line, in TET base units";

/** One billed session: what was used, at which tariff, citing the log entries it came from. */
export interface InvoiceLine {
  session: string;
  /** The payer the device recorded for the session (usage `payer`), if any. */
  payer?: string;
  /** `closed` once the device signed the session's `stop`. */
  status: "open" | "closed";
  /** First and last usage timestamps (ms). */
  from: number;
  to: number;
  /** The tariff's unit, the quantity in it (exact decimal), and the price per unit (base units). */
  unit: UsageUnit;
  quantity: string;
  price: string;
  /** Where the money goes (the tariff's payout address, 0x-hex). */
  payout: string;
  /** Log index of the tariff in force and of every usage statement of the session. */
  tariff: number;
  usage: number[];
  /** TET base units (10⁻¹⁸ TET), decimal string. */
  amount: string;
}

/** A log entry the invoice did not bill, and why. */
export interface Excluded {
  index: number;
  code: BillingErrorCode;
  session?: string;
}

/** An invoice: deterministic, recomputable by anyone from the object's statements. */
export interface Invoice {
  v: 1;
  type: "tet-invoice";
  object: string;
  /** A per-session invoice names the session; a period invoice its [from, to) in ms. */
  session?: string;
  period?: { from: number; to: number };
  currency: "TET";
  rounding: string;
  lines: InvoiceLine[];
  excluded: Excluded[];
  /** Σ line amounts, TET base units. */
  total: string;
  /** The log size the invoice was computed over (entries below it). */
  logSize: number;
}

/** The canonical text of an invoice (keys sorted at every level, no whitespace): what is compared. */
export function canonicalInvoice(i: Invoice | unknown): string {
  return JSON.stringify(sortKeys(i));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => [k, sortKeys(o[k])]),
  );
}
