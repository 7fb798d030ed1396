import type { Ed25519Verifier } from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";

/**
 * A verifier for the ledger that skips the second verification of a signature the pool has just
 * verified for the very same message and key, and verifies everything else with node:crypto. The
 * ledger verifies every statement it appends; without this, each device statement would be verified
 * twice, once in a worker and once on the main thread. Open the `StatementLedger` with it.
 */
export class PreverifiedVerifier implements Ed25519Verifier {
  readonly name = "node:crypto (pre-verified by the ingest's workers)";
  readonly #seen = new Map<string, { message: Uint8Array; publicKey: Uint8Array }>();
  readonly #inner: Ed25519Verifier;

  constructor(inner: Ed25519Verifier = nodeVerifier) {
    this.#inner = inner;
  }

  /** Records that `signature` verified over `message` under `publicKey`, to be consumed once. */
  remember(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): void {
    if (this.#seen.size > 200_000) this.#seen.clear();
    this.#seen.set(Buffer.from(signature).toString("latin1"), { message, publicKey });
  }

  /** Drops a remembered signature (a statement that never reached the ledger). */
  forget(signature: Uint8Array): void {
    this.#seen.delete(Buffer.from(signature).toString("latin1"));
  }

  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
    const id = Buffer.from(signature).toString("latin1");
    const hit = this.#seen.get(id);
    if (hit !== undefined) {
      this.#seen.delete(id);
      if (Buffer.compare(hit.message, message) === 0 && Buffer.compare(hit.publicKey, publicKey) === 0)
        return true;
    }
    return this.#inner.verify(signature, message, publicKey);
  }
}
