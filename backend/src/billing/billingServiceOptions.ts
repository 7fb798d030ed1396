import type { ChainClients, Deployment } from "@tet/contracts";
import type { Ed25519Signer } from "@tet/schemas";
import type { Ledger } from "../ledger/index.js";
import type { SettlementRecord } from "./settlementNote.js";

/** Configuration of the billing service. */
export interface BillingServiceOptions {
  ledger: Ledger;
  /** Submits redemptions (the provider's wallet, or an operator's: the payee is paid either way). */
  chain: ChainClients;
  deployment: Pick<Deployment, "chainId" | "settlement" | "token">;
  /** The billing key: a delegate of every billed object; signs start/stop commands and settlement notes. */
  signer: Ed25519Signer;
  /** Settle a session as soon as it is closed and paid in full (default true). */
  autoSettle?: boolean;
  /** Where accepted vouchers and session terms are journaled (fsynced); without it they live in memory only. */
  journal?: string;
  /** Lifetime of the commands it signs (default 5 minutes). */
  commandTtlMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/** What became of a voucher: accepted (maybe short, then the session is being stopped). */
export interface VoucherOutcome {
  accepted: string;
  due: string;
  required: string;
  short: boolean;
}

/** The events a `BillingService` emits. */
export interface BillingEvents {
  /** A stop command was appended for a session (short payment). */
  stopped: [object: string, session: string, commandIndex: number];
  settled: [record: SettlementRecord];
  error: [error: unknown];
}
