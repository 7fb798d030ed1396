import { TetError } from "../errors.js";
import { CompactRange } from "./compactRange.js";
import { foldRange } from "./fold.js";
import { EMPTY_ROOT, type LogHasher, rfc9162Hasher } from "./hasher.js";
import { type NodeKey, nodeKeyId, rangeNodes } from "./nodeKey.js";
import { consistencyProofPlan, inclusionProofPlan, resolveProof } from "./proofPlan.js";

/**
 * A whole Merkle log in memory, keeping every complete subtree hash exactly as a store does: for
 * tests, for verifying exported bundles, and as the reference the stores are checked against. Roots
 * and proofs for any earlier size come from the stored subtrees, never from rehashing leaves.
 */
export class MemoryTree {
  readonly #nodes = new Map<string, Uint8Array>();
  readonly #range: CompactRange;
  readonly #hasher: LogHasher;

  constructor(hasher: LogHasher = rfc9162Hasher) {
    this.#hasher = hasher;
    this.#range = CompactRange.empty(hasher);
  }

  get size(): number {
    return this.#range.size;
  }

  /** Appends a leaf input (hashed with the leaf prefix) and returns its index. */
  append(data: Uint8Array): number {
    return this.appendLeafHash(this.#hasher.leaf(data));
  }

  /** Appends an already hashed leaf and returns its index. */
  appendLeafHash(hash: Uint8Array): number {
    const index = this.#range.size;
    for (const n of this.#range.append(hash)) this.#nodes.set(nodeKeyId(n), n.hash);
    return index;
  }

  /** The hash of a complete subtree; throws when it is not complete yet. */
  subtree = (key: NodeKey): Uint8Array => {
    const h = this.#nodes.get(nodeKeyId(key));
    if (h === undefined) throw new TetError("LOG_BAD_PROOF", `no complete subtree ${nodeKeyId(key)}`);
    return h;
  };

  /** The root of the first `size` leaves (default: all). */
  root(size = this.size): Uint8Array {
    if (size > this.size) throw new TetError("LOG_BAD_PROOF", `size ${size} is beyond the tree`);
    if (size === 0) return EMPTY_ROOT;
    return foldRange(rangeNodes(0, size).map(this.subtree), this.#hasher);
  }

  /** Inclusion proof of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1). */
  inclusionProof(index: number, size = this.size): Uint8Array[] {
    if (size > this.size) throw new TetError("LOG_BAD_PROOF", `size ${size} is beyond the tree`);
    return resolveProof(inclusionProofPlan(index, size), this.subtree, this.#hasher);
  }

  /** Consistency proof between the trees of `size1` and `size2` leaves (RFC 9162 §2.1.4.1). */
  consistencyProof(size1: number, size2 = this.size): Uint8Array[] {
    if (size2 > this.size) throw new TetError("LOG_BAD_PROOF", `size ${size2} is beyond the tree`);
    return resolveProof(consistencyProofPlan(size1, size2), this.subtree, this.#hasher);
  }
}
