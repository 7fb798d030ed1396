import { TetError } from "../errors.js";
import { type LogHasher, rfc9162Hasher } from "./hasher.js";
import { isPowerOfTwo } from "./nodeKey.js";

/**
 * MTH of a range from the hashes of its covering complete subtrees, largest (leftmost) first: the
 * right fold of RFC 9162 §2.1.1. The root of a tree from its edge, a proof element from the subtrees
 * a plan names. Every fold of the log's incomplete right edge goes through here.
 */
export function foldRange(hashes: readonly Uint8Array[], hasher: LogHasher = rfc9162Hasher): Uint8Array {
  let acc = hashes[hashes.length - 1];
  if (acc === undefined) throw new TetError("LOG_BAD_PROOF", "empty range");
  // RFC 9162 §2.1.1: MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n]))
  for (let i = hashes.length - 2; i >= 0; i--) acc = hasher.node(hashes[i] as Uint8Array, acc);
  return acc;
}

/**
 * MTH of a complete subtree from its 2^k leaf hashes in order, folded pairwise (RFC 9162 §2.1.1):
 * what a store answers for a subtree it does not keep a row for. Throws LOG_BAD_PROOF unless the
 * number of leaves is a power of two.
 */
export function foldSubtree(leaves: readonly Uint8Array[], hasher: LogHasher = rfc9162Hasher): Uint8Array {
  if (!isPowerOfTwo(leaves.length))
    throw new TetError("LOG_BAD_PROOF", `${leaves.length} leaves are no complete subtree`);
  let level = leaves;
  while (level.length > 1) {
    const up: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2)
      up.push(hasher.node(level[i] as Uint8Array, level[i + 1] as Uint8Array));
    level = up;
  }
  return level[0] as Uint8Array;
}
