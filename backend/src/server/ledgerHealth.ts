import type { LedgerStore, MerkleLog } from "../ledger/index.js";
import type { ReadinessCheck } from "../observability/index.js";

/**
 * The `ledger` readiness check: not ready once a commit has failed (the ledger refuses every append
 * from then on, whatever the store answers now), nor while the store does not answer.
 */
export function ledgerCheck(log: MerkleLog, store: LedgerStore): ReadinessCheck {
  return async () => {
    if (log.failure !== undefined)
      throw new Error(`the store failed, appends are refused until a restart: ${String(log.failure)}`);
    await store.size();
  };
}

/**
 * A promise of the ledger's failure (a commit the store refused), unsubscribed when the backend
 * stops. The ledger does not recover in process: its in-memory tree already holds the entries of the
 * failed batch. A restart reopens it on what is committed, and agents resend from their outboxes.
 */
export function watchFailure(log: MerkleLog, stops: (() => Promise<void>)[]): Promise<unknown> {
  return new Promise((resolve) => {
    const off = log.onFailure(resolve);
    stops.push(async () => void off());
  });
}
