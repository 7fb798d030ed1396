/** The oracle service's stable refusal codes (closed union), each with what it means. */
export const ORACLE_ERROR_CODES = {
  /** The rate source did not answer, or answered with an HTTP error. */
  SOURCE_FAILED: "the rate source did not answer",
  /** The feed's JSON is not rates by currency (or too large). */
  FEED_MALFORMED: "the feed is not rates by currency",
  /** The source has no rate for a fund the oracle quotes. */
  NO_RATE: "the source has no rate for the fund",
  /** The observed rate is outside the bounds governance set for the fund. */
  RATE_OUT_OF_BOUNDS: "the rate is outside the fund's bounds",
  /** The observation is not newer than the rate on chain. */
  QUOTE_NOT_NEWER: "the observation is not newer than the rate on chain",
  /** The observation is older than the reserve's freshness limit. */
  QUOTE_TOO_OLD: "the observation is older than the freshness limit",
  /** A peer's quote is malformed or not signed by a key of the oracle's set. */
  BAD_PEER_QUOTE: "a peer's quote is not signed by an oracle key",
  /** The chain refused the posted quotes (the contract's error is in the message). */
  POST_REFUSED: "the chain refused the quotes",
  /** The oracle's configuration is unusable. */
  ORACLE_CONFIG: "the oracle's configuration is unusable",
} as const;

export type OracleErrorCode = keyof typeof ORACLE_ERROR_CODES;

/** Every oracle refusal: a stable `code`, a short message, the cause. */
export class OracleError extends Error {
  readonly code: OracleErrorCode;

  constructor(code: OracleErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ORACLE_ERROR_CODES[code], options);
    this.name = "OracleError";
    this.code = code;
  }
}
