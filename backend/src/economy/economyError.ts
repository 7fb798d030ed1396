import { BackendError, type BackendErrorOptions, type ErrorTable } from "../errors/index.js";

/** The economy views' stable refusal codes (closed union), each with its HTTP status. */
export const ECONOMY_ERROR_CODES = {
  BAD_BLOCK: { status: 400, title: "block must be `latest` or a decimal block number" },
  BLOCK_NOT_MINED: { status: 404, title: "the chain has no such block yet" },
  BAD_ADDRESS: { status: 400, title: "not a 0x-hex account address" },
  BAD_AMOUNT: { status: 400, title: "an amount must be a positive decimal integer in base units" },
  BAD_CURRENCY: { status: 400, title: "not TET or a currency the reserve lists" },
  PAYMENT_MALFORMED: { status: 400, title: "the payment order or its signatures are not well-formed" },
  PAYMENT_REFUSED: { status: 409, title: "the chain refused the payment" },
  CHAIN_UNAVAILABLE: { status: 503, title: "the chain does not answer" },
} as const satisfies ErrorTable<string>;

export type EconomyErrorCode = keyof typeof ECONOMY_ERROR_CODES;

/** A refusal of the reserve and wallet routes. */
export class EconomyError extends BackendError<EconomyErrorCode> {
  override readonly name = "EconomyError";

  constructor(code: EconomyErrorCode, detail?: string, options?: BackendErrorOptions) {
    super(ECONOMY_ERROR_CODES, code, detail, {
      ...options,
      message: detail ?? ECONOMY_ERROR_CODES[code].title,
    });
  }
}
