import { TetError } from "../errors.js";
import { foldRange } from "./fold.js";
import { EMPTY_ROOT, HASH_SIZE, type LogHasher, rfc9162Hasher } from "./hasher.js";
import { type NodeKey, rangeNodes, type TreeNode } from "./nodeKey.js";

/**
 * The right edge of a growing log: the hashes of the complete subtrees that cover leaves [0, size),
 * largest first — at most log2(size) hashes. Appending a leaf returns every subtree it completes, so a
 * store keeps all complete subtree hashes and answers any proof with O(log n) reads; the root of the
 * current tree is the fold of the edge (RFC 9162 §2.1.1). Pure and in memory.
 */
export class CompactRange {
  #size: number;
  readonly #edge: Uint8Array[];
  readonly #hasher: LogHasher;

  private constructor(size: number, edge: Uint8Array[], hasher: LogHasher) {
    this.#size = size;
    this.#edge = edge;
    this.#hasher = hasher;
  }

  /** An empty range. */
  static empty(hasher: LogHasher = rfc9162Hasher): CompactRange {
    return new CompactRange(0, [], hasher);
  }

  /** The subtrees whose hashes `fromEdge` needs for a tree of `size` leaves. */
  static edgeKeys(size: number): NodeKey[] {
    return rangeNodes(0, size);
  }

  /** A range over `size` leaves from the hashes of `edgeKeys(size)`, in that order. */
  static fromEdge(
    size: number,
    edge: readonly Uint8Array[],
    hasher: LogHasher = rfc9162Hasher,
  ): CompactRange {
    if (edge.length !== rangeNodes(0, size).length || edge.some((h) => h.length !== HASH_SIZE)) {
      throw new TetError("LOG_BAD_PROOF", `edge of ${edge.length} hashes does not fit a tree of ${size}`);
    }
    return new CompactRange(size, [...edge], hasher);
  }

  get size(): number {
    return this.#size;
  }

  /** A copy, so a batch can be staged and dropped. */
  clone(): CompactRange {
    return new CompactRange(this.#size, [...this.#edge], this.#hasher);
  }

  /**
   * Appends a leaf hash and returns the subtrees this completes: the leaf itself (level 0), then each
   * parent that became complete, bottom-up.
   */
  append(leaf: Uint8Array): TreeNode[] {
    const index = this.#size;
    const out: TreeNode[] = [{ level: 0, index, hash: leaf }];
    let hash = leaf;
    let level = 0;
    let at = index;
    // Two complete siblings merge into their parent while the new leaf closes a 2^(level+1) block.
    while (at % 2 === 1) {
      const left = this.#edge.pop() as Uint8Array;
      hash = this.#hasher.node(left, hash); // RFC 9162 §2.1.1: MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n]))
      level++;
      at = (at - 1) / 2;
      out.push({ level, index: at, hash });
    }
    this.#edge.push(hash);
    this.#size++;
    return out;
  }

  /** MTH of leaves [0, size): the fold of the edge from the right (RFC 9162 §2.1.1). */
  root(): Uint8Array {
    if (this.#edge.length === 0) return EMPTY_ROOT; // RFC 9162 §2.1.1: MTH({}) = HASH()
    return foldRange(this.#edge, this.#hasher);
  }
}
