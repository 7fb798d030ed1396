import { TetError } from "../errors.js";
import { foldRange } from "./fold.js";
import { type LogHasher, rfc9162Hasher } from "./hasher.js";
import { type NodeKey, nodeKeyId, rangeNodes, splitPoint } from "./nodeKey.js";

/**
 * What a proof is made of before any hash is read: one entry per proof element, each the list of
 * complete subtrees whose MTH is that element (usually one; the incomplete right edge of the tree
 * takes a few). A store fetches every key of a plan in one query, then `resolveProof` folds them.
 */
export type ProofPlan = NodeKey[][];

function checkSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new TetError("LOG_BAD_PROOF", `${name} must be a safe non-negative integer`);
}

/**
 * The subtrees of the inclusion proof for leaf `index` in the tree of `size` leaves: PATH(m, D[n])
 * of RFC 9162 §2.1.3.1, leaf-side first. O(log n) keys; nothing is rebuilt.
 */
export function inclusionProofPlan(index: number, size: number): ProofPlan {
  checkSize("index", index);
  checkSize("size", size);
  if (index >= size) throw new TetError("LOG_BAD_PROOF", `index ${index} is not below size ${size}`);
  // Walk down from the root, collecting the sibling of each step; the proof lists them leaf-side first.
  const out: ProofPlan = [];
  let [m, lo, hi] = [index, 0, size];
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo); // RFC 9162 §2.1.3.1: PATH(0, {d(0)}) = {} ends the walk
    if (m < k) {
      out.push(rangeNodes(lo + k, hi)); // PATH(m, D[0:k]) : MTH(D[k:n])
      hi = lo + k;
    } else {
      out.push(rangeNodes(lo, lo + k)); // PATH(m - k, D[k:n]) : MTH(D[0:k])
      m -= k;
      lo += k;
    }
  }
  return out.reverse();
}

/**
 * The subtrees of the consistency proof between trees of `size1` and `size2` leaves:
 * PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1. Empty when the sizes are equal;
 * `size1` must be positive (consistency with the empty tree says nothing).
 */
export function consistencyProofPlan(size1: number, size2: number): ProofPlan {
  checkSize("size1", size1);
  checkSize("size2", size2);
  if (size1 > size2) throw new TetError("LOG_BAD_PROOF", `size1 ${size1} is above size2 ${size2}`);
  if (size1 === size2) return [];
  if (size1 === 0) throw new TetError("LOG_BAD_PROOF", "no consistency proof from the empty tree");
  const out: ProofPlan = [];
  let [m, lo, hi, b] = [size1, 0, size2, true];
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      out.push(rangeNodes(lo + k, hi)); // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
      hi = lo + k;
    } else {
      out.push(rangeNodes(lo, lo + k)); // SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
      m -= k;
      lo += k;
      b = false;
    }
  }
  if (!b) out.push(rangeNodes(lo, hi)); // RFC 9162 §2.1.4.1: SUBPROOF(m, D[m], false) = {MTH(D[m])}
  return out.reverse();
}

/** Every distinct key a plan needs, in first-use order: what a store reads in one query. */
export function planKeys(plan: ProofPlan): NodeKey[] {
  const seen = new Map<string, NodeKey>();
  for (const element of plan) for (const key of element) seen.set(nodeKeyId(key), key);
  return [...seen.values()];
}

/**
 * Turns a plan into proof hashes, reading each complete subtree's hash with `subtree` and folding
 * the incomplete right edge as MTH does (RFC 9162 §2.1.1).
 */
export function resolveProof(
  plan: ProofPlan,
  subtree: (key: NodeKey) => Uint8Array,
  hasher: LogHasher = rfc9162Hasher,
): Uint8Array[] {
  return plan.map((keys) => foldRange(keys.map(subtree), hasher));
}

/**
 * Folds a plan from the hashes of all its keys in plan order (`plan.flat()`): what a store returns
 * for one batched read, without building a map.
 */
export function foldPlan(
  plan: ProofPlan,
  hashes: readonly Uint8Array[],
  hasher: LogHasher = rfc9162Hasher,
): Uint8Array[] {
  let at = 0;
  return plan.map((keys) => {
    const part = hashes.slice(at, at + keys.length);
    at += keys.length;
    if (part.length !== keys.length) throw new TetError("LOG_BAD_PROOF", "fewer hashes than the plan needs");
    return foldRange(part, hasher);
  });
}
