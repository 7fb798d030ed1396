import type { Ed25519Signer } from "@tet/schemas";
import type { Ledger } from "../ledger/index.js";
import type { IngestErrorCode } from "./ingestError.js";
import type { VerifyPoolOptions } from "./verifyPool.js";

/** Configuration of an `Ingest`. */
export interface IngestOptions {
  /** A `StatementLedger` (one writer), or a `LeasedLedger` shared by several workers. */
  ledger: Ledger;
  /** The log key (the ledger's signer): it signs receipts. */
  signer: Ed25519Signer;
  /** Signature verification threads (default: one per core), batch size and engine. */
  verify?: VerifyPoolOptions;
  /** Statements in flight before new ones are refused with OVERLOADED (default 100,000). */
  maxQueued?: number;
  /** One line per rejection (default: stderr). */
  log?: (line: string) => void;
  now?: () => number;
}

/** What became of one submitted statement. */
export type IngestOutcome =
  | { ok: true; seq: number; index: number; duplicate: boolean }
  | { ok: false; code: IngestErrorCode };
