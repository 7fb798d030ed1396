import { CustodianError } from "./custodianError.js";

/** One booked line of a bank statement (or one payment of a provider's webhook), as the bank said it. */
export interface StatementEntry {
  /** The account the line was booked on (an IBAN, or `provider:NAME` for a webhook). */
  account: string;
  /** The bank's (or provider's) unique reference of the booking: the attestation's source. */
  reference: string;
  /** YYYY-MM-DD. */
  bookingDate: string;
  /** Money in (a deposit to attest) or out (a payout the bank executed). */
  direction: "credit" | "debit";
  /** A plain positive decimal, exactly as written (e.g. "1500.00"). */
  amount: string;
  /** ISO 4217. */
  currency: string;
  /** Unstructured remittance information: a deposit names the buyer's address here. */
  remittance: string;
  counterparty: string;
}

/** A parsed statement: its account(s) and entries, in the file's order. */
export interface Statement {
  format: "csv" | "camt.053";
  entries: StatementEntry[];
}

const DECIMAL = /^\d{1,30}(\.\d{1,18})?$/;

/** Checks a plain positive decimal (no sign, no thousands separators, no exponent); `where` names the line. */
export function checkAmount(text: string, where: string): string {
  if (!DECIMAL.test(text) || /^0+(\.0+)?$/.test(text))
    throw new CustodianError(
      "BAD_AMOUNT",
      `${where}: amount ${JSON.stringify(text)} is not a positive plain decimal`,
    );
  return text;
}

/** Checks an ISO 8601 calendar date (YYYY-MM-DD) that exists. */
export function checkDate(text: string, where: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const t = d ? new Date(`${text}T00:00:00Z`) : undefined;
  if (!t || Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== text)
    throw new CustodianError("BAD_DATE", `${where}: date ${JSON.stringify(text)} is not YYYY-MM-DD`);
  return text;
}

/** Checks an ISO 4217 alphabetic code. */
export function checkCurrency(text: string, where: string): string {
  if (!/^[A-Z]{3}$/.test(text))
    throw new CustodianError("BAD_CURRENCY", `${where}: currency ${JSON.stringify(text)} is not ISO 4217`);
  return text;
}

/** Refuses a statement that books the same reference twice on one account. */
export function checkUniqueReferences(entries: readonly StatementEntry[]): void {
  const seen = new Set<string>();
  for (const e of entries) {
    const key = `${e.account}\n${e.reference}`;
    if (seen.has(key))
      throw new CustodianError("DUPLICATE_IN_FILE", `reference ${JSON.stringify(e.reference)} appears twice`);
    seen.add(key);
  }
}

/**
 * The decimal `amount` in smallest units of a currency with `decimals` decimals, exactly (never through
 * a float); undefined when it has more decimals than that.
 */
export function toSmallestUnits(amount: string, decimals: number): bigint | undefined {
  const [whole = "0", frac = ""] = amount.split(".");
  const trimmed = frac.replace(/0+$/, "");
  if (trimmed.length > decimals) return undefined;
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(trimmed.padEnd(decimals, "0") || "0");
}
