import { hashesEqual, isTetError, type LogHasher, rootFromInclusionProof } from "@tet/schemas";

/**
 * Checks inclusion proofs of many leaves against one tree (size, root) — RFC 9162 §2.1.3.2 — and
 * returns `true` or the reason a proof fails.
 */
export class ProofChecker {
  readonly #size: number;
  readonly #root: Uint8Array;
  readonly #hasher: LogHasher;

  constructor(tree: { size: number; root: Uint8Array; hasher: LogHasher }) {
    this.#size = tree.size;
    this.#root = tree.root;
    this.#hasher = tree.hasher;
  }

  check(index: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): true | string {
    try {
      const root = rootFromInclusionProof({ index, size: this.#size, leafHash, proof, hasher: this.#hasher });
      return hashesEqual(root, this.#root) ? true : "leads to another root";
    } catch (e) {
      if (isTetError(e, "LOG_BAD_PROOF")) return e.message;
      throw e;
    }
  }
}
