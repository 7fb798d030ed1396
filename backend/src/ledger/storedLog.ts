import type { LedgerLog } from "./ledger.js";
import type { LedgerStore, StoredCheckpoint } from "./ledgerStore.js";
import { nodeHasher } from "./nodeHasher.js";
import { type InclusionProof, proveConsistency, proveInclusion, rootOf } from "./storeProofs.js";

/**
 * The log of a store other processes append to (PostgreSQL workers under the lease): committed size
 * and latest checkpoint as last read from the store (`refresh`), proofs folded from its stored
 * subtrees. It never writes; `checkpoint` waits for a writer to issue one.
 */
export class StoredLog implements LedgerLog {
  readonly hasher = nodeHasher;
  committedSize = 0;
  latestCheckpoint: StoredCheckpoint | undefined;

  constructor(
    readonly store: LedgerStore,
    readonly origin: string,
  ) {}

  /** Nothing is staged here: what is appended is what is committed. */
  get size(): number {
    return this.committedSize;
  }

  /** Re-reads the store's size and latest checkpoint. */
  async refresh(): Promise<void> {
    const [size, cp] = await Promise.all([this.store.size(), this.store.latestCheckpoint()]);
    this.observe(size, cp);
  }

  /** Takes a size and checkpoint known to be committed (a lease just wrote them); neither ever goes back. */
  observe(size: number, cp: StoredCheckpoint | undefined): void {
    this.committedSize = Math.max(this.committedSize, size);
    if (cp && (this.latestCheckpoint === undefined || cp.size >= this.latestCheckpoint.size))
      this.latestCheckpoint = cp;
  }

  /** A checkpoint covering what is committed: the lease holders issue it within ~1 s; wait up to 3 s. */
  async checkpoint(): Promise<StoredCheckpoint | undefined> {
    const until = Date.now() + 3000;
    await this.refresh();
    while ((this.latestCheckpoint?.size ?? 0) < this.committedSize && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      await this.refresh();
    }
    return this.latestCheckpoint;
  }

  inclusionProof(index: number, size = this.latestCheckpoint?.size ?? 0): Promise<InclusionProof> {
    return proveInclusion(this.store, { index, size, hasher: this.hasher });
  }

  consistencyProof(size1: number, size2: number): Promise<Uint8Array[]> {
    return proveConsistency(this.store, { size1, size2, hasher: this.hasher });
  }

  root(size: number): Promise<Uint8Array> {
    return rootOf(this.store, { size, hasher: this.hasher });
  }
}
