import { OracleError } from "./oracleError.js";

/** One observed rate: peg-currency units per whole unit of `currency`, 1e18-scaled, and when. */
export interface Observation {
  currency: string;
  quote: bigint;
  /** Unix seconds; undefined when the feed does not say (the oracle then uses the chain's time). */
  observedAt: number | undefined;
}

/** How to read a JSON feed: where its rates are, which way round, where its time is. */
export interface FeedFormat {
  /** Dot path to the object of rates by currency (default: the document itself, or its `rates`). */
  path?: string;
  /** The feed gives currency units per peg unit (e.g. `{"base":"RUB","rates":{"USD":0.0111}}`). */
  invert?: boolean;
  /** Dot path to the feed's observation time: Unix seconds, milliseconds, or an ISO 8601 date (default `timestamp`). */
  timePath?: string;
}

const ONE = 10n ** 18n;
/** The largest feed the oracle reads: rates for a few hundred currencies. */
export const MAX_FEED_BYTES = 64 * 1024;

/**
 * Parses a JSON rate feed — `{"USD": 90.5, "EUR": "98.10"}`, `{"rates": {…}, "timestamp": …}` or any
 * shape located by `format.path` — into exact 1e18-scaled quotes (the decimal text is converted
 * digit by digit, never through a float). Refuses what is not positive decimal rates (FEED_MALFORMED).
 *
 * @example
 * parseFeed('{"rates":{"USD":"90.5"},"timestamp":1764720000}', ["USD"]);
 * // [{ currency: "USD", quote: 90500000000000000000n, observedAt: 1764720000 }]
 */
export function parseFeed(
  text: string,
  currencies: readonly string[],
  format: FeedFormat = {},
): Observation[] {
  if (text.length > MAX_FEED_BYTES)
    throw new OracleError("FEED_MALFORMED", `feed larger than ${MAX_FEED_BYTES} bytes`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new OracleError("FEED_MALFORMED", "feed is not JSON", { cause });
  }
  const at = observedAt(pick(doc, format.timePath ?? "timestamp"));
  let rates = format.path ? pick(doc, format.path) : doc;
  if (!format.path && isObject(rates) && isObject(rates.rates)) rates = rates.rates;
  if (!isObject(rates))
    throw new OracleError("FEED_MALFORMED", `no rates object at ${format.path ?? "the top"}`);
  const out: Observation[] = [];
  for (const currency of currencies) {
    const v = rates[currency];
    if (v === undefined) continue;
    const q = decimalToWad(v, currency);
    out.push({ currency, quote: format.invert ? (ONE * ONE) / q : q, observedAt: at });
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function pick(doc: unknown, path: string): unknown {
  let v = doc;
  for (const part of path.split(".")) v = isObject(v) ? v[part] : undefined;
  return v;
}

function observedAt(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number" && Number.isSafeInteger(v) && v > 0) return v > 1e11 ? Math.floor(v / 1000) : v;
  if (typeof v === "string" && !Number.isNaN(Date.parse(v))) return Math.floor(Date.parse(v) / 1000);
  throw new OracleError("FEED_MALFORMED", "the feed's time is not Unix seconds, milliseconds or an ISO date");
}

/** A positive decimal (JSON number or string, at most 18 decimals) as an exact 1e18-scaled integer. */
export function decimalToWad(v: unknown, what = "rate"): bigint {
  // ECMA-262 Number::toString gives a number's shortest round-trip decimal: exactly what was written.
  const text =
    typeof v === "number" && Number.isFinite(v) ? String(v) : typeof v === "string" ? v.trim() : "";
  const m = /^(\d{1,12})(?:\.(\d{1,18}))?$/.exec(text);
  if (!m) throw new OracleError("FEED_MALFORMED", `${what}: not a positive decimal: ${JSON.stringify(v)}`);
  const wad = BigInt(m[1] as string) * ONE + BigInt((m[2] ?? "").padEnd(18, "0"));
  if (wad === 0n) throw new OracleError("FEED_MALFORMED", `${what}: zero`);
  return wad;
}
