import type { Hex } from "viem";

/** One payment order, as a bank or a payment provider takes it. */
export interface PayoutOrder {
  redemptionId: number;
  currency: string;
  /** Decimal amount in the currency (e.g. "125.40"). */
  amount: string;
  /** The address the redemption named. */
  beneficiary: Hex;
  /** Bank details from the beneficiaries file, when one is configured. */
  name: string;
  iban: string;
  payoutRef: Hex;
  /** What the bank's statement line carries back, so the import confirms the payout. */
  remittance: string;
  instructionTx: Hex;
}

/**
 * The payment leg of the payout queue. `order` must be idempotent by `redemptionId`: asked again for
 * an order it already holds (after a crash between its write and the queue's commit) it returns the
 * same reference and writes nothing — that is what makes each redemption paid once.
 */
export interface PayoutAdapter {
  readonly name: string;
  order(o: PayoutOrder): Promise<{ orderRef: string }>;
}
