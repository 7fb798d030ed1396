import type { SignedQuote } from "@tet/contracts";
import { OracleError } from "./oracleError.js";

/** A signed quote as JSON (amounts as decimal strings): what `GET /v1/oracle/quotes` serves. */
export interface QuoteJson {
  fund: string;
  quote: string;
  observedAt: number;
  signer: string;
  signature: string;
}

export const quoteToJson = (q: SignedQuote): QuoteJson => ({ ...q, quote: q.quote.toString() });

const HEX32 = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const SIGNATURE = /^0x[0-9a-fA-F]{130}$/;

/** Reads a peer's quote strictly (shape only; the signature is checked against the chain's set after). */
export function quoteFromJson(v: unknown): SignedQuote {
  const o = v as Partial<QuoteJson> | null;
  if (
    typeof o !== "object" ||
    o === null ||
    typeof o.fund !== "string" ||
    !HEX32.test(o.fund) ||
    typeof o.quote !== "string" ||
    !/^[1-9]\d{0,40}$/.test(o.quote) ||
    typeof o.observedAt !== "number" ||
    !Number.isSafeInteger(o.observedAt) ||
    o.observedAt <= 0 ||
    typeof o.signer !== "string" ||
    !ADDRESS.test(o.signer) ||
    typeof o.signature !== "string" ||
    !SIGNATURE.test(o.signature)
  )
    throw new OracleError("BAD_PEER_QUOTE", "not a signed quote");
  return {
    fund: o.fund.toLowerCase() as `0x${string}`,
    quote: BigInt(o.quote),
    observedAt: o.observedAt,
    signer: o.signer as `0x${string}`,
    signature: o.signature as `0x${string}`,
  };
}
