import type { Ed25519Signer } from "@tet/schemas";
import { Ingest, type IngestLedger, PreverifiedVerifier } from "../ingest/index.js";
import type { LedgerStore } from "../ledger/index.js";

/** What a ledger is opened with: the store, the log's origin and key, and the ingest's verifier. */
export interface LedgerOpening {
  store: LedgerStore;
  origin: string;
  signer: Ed25519Signer;
  verifier: PreverifiedVerifier;
  /** Timestamp tolerance of the acceptance rules (`clock_skew_ms`). */
  clockSkewMs?: number;
}

/**
 * Opens a ledger (`StatementLedger`, or a `LeasedLedger` for a worker) and the ingest in front of it,
 * sharing one `PreverifiedVerifier` so statements verified in the ingest's threads are not verified
 * again; registers both closes on `stops` (run in reverse).
 */
export async function openIngest<L extends IngestLedger & { close(): Promise<void> }>(opts: {
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
  const preverified = new PreverifiedVerifier();
  const ledger = await opts.open({
    store: opts.store,
    origin: opts.origin,
    signer,
    verifier: preverified,
    ...(opts.clockSkewMs === undefined ? {} : { clockSkewMs: opts.clockSkewMs }),
  });
  opts.stops.push(() => ledger.close());
  const ingest = new Ingest({ ledger, signer, preverified, verify: { threads: opts.verifyThreads }, log });
  opts.stops.push(() => ingest.close());
  return { ledger, ingest };
}
