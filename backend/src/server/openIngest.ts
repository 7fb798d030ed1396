import type { Ed25519Signer, Ed25519Verifier } from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import { Ingest } from "../ingest/index.js";
import type { Ledger, LedgerStore } from "../ledger/index.js";

/** What a ledger is opened with: the store, the log's origin and key, and its verifier. */
export interface LedgerOpening {
  store: LedgerStore;
  origin: string;
  signer: Ed25519Signer;
  verifier: Ed25519Verifier;
  /** Timestamp tolerance of the acceptance rules (`clock_skew_ms`). */
  clockSkewMs?: number;
}

/**
 * Opens a ledger (`StatementLedger`, or a `LeasedLedger` for a worker) and the ingest in front of it;
 * registers both closes on `stops` (run in reverse). The ingest hands the ledger statements it has
 * verified on its threads (`{ verified }`), so the ledger's own verifier (node:crypto) checks only
 * what arrives by other paths.
 */
export async function openIngest<L extends Ledger>(opts: {
  store: LedgerStore;
  origin: string;
  signer: Ed25519Signer;
  verifyThreads: number;
  clockSkewMs?: number;
  open: (o: LedgerOpening) => Promise<L>;
  stops: (() => Promise<void>)[];
  log: (line: string) => void;
}): Promise<{ ledger: L; ingest: Ingest }> {
  const { signer, log } = opts;
  const ledger = await opts.open({
    store: opts.store,
    origin: opts.origin,
    signer,
    verifier: nodeVerifier,
    ...(opts.clockSkewMs === undefined ? {} : { clockSkewMs: opts.clockSkewMs }),
  });
  opts.stops.push(() => ledger.close());
  const ingest = new Ingest({ ledger, signer, verify: { threads: opts.verifyThreads }, log });
  opts.stops.push(() => ingest.close());
  return { ledger, ingest };
}
