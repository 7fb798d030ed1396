import { isTetError, TetError } from "../errors.js";
import { HASH_SIZE, hashesEqual, type LogHasher, rfc9162Hasher } from "./hasher.js";
import { isPowerOfTwo } from "./nodeKey.js";

/** A consistency claim: the tree of `size1` leaves and `root1` is a prefix of the tree of `size2` and `root2`. */
export interface ConsistencyClaim {
  size1: number;
  size2: number;
  root1: Uint8Array;
  root2: Uint8Array;
  proof: readonly Uint8Array[];
  hasher?: LogHasher;
}

const fail = (why: string): never => {
  throw new TetError("LOG_BAD_PROOF", why);
};

/**
 * Checks a consistency proof by the algorithm of RFC 9162 §2.1.4.2 and throws `LOG_BAD_PROOF` with
 * the reason when it does not verify. Equal sizes need an empty proof and equal roots; a proof from
 * the empty tree is refused as meaningless (any tree extends it; compare sizes instead).
 */
export function assertConsistency(claim: ConsistencyClaim): void {
  const { size1, size2, root1, root2 } = claim;
  const hasher = claim.hasher ?? rfc9162Hasher;
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0)
    fail("sizes must be safe non-negative integers");
  if (size2 < size1) fail(`size2 ${size2} is below size1 ${size1}`);
  if (size1 === 0) fail("consistency with the empty tree is meaningless");
  if (size1 === size2) {
    if (claim.proof.length !== 0) fail("equal sizes need an empty proof");
    if (!hashesEqual(root1, root2)) fail("equal sizes but different roots");
    return;
  }
  if (claim.proof.length === 0) fail("empty proof"); // §2.1.4.2 step 1
  for (const c of claim.proof) if (c.length !== HASH_SIZE) fail("proof hash is not 32 bytes");
  // §2.1.4.2 step 2: a power-of-two first tree is itself the first subtree of the path
  const path = isPowerOfTwo(size1) ? [root1, ...claim.proof] : [...claim.proof];
  let fn = size1 - 1; // step 3
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2); // step 4
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as Uint8Array; // step 5
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) fail("proof is too long"); // step 6a
    if (fn % 2 === 1 || fn === sn) {
      fr = hasher.node(c, fr); // step 6b.i
      sr = hasher.node(c, sr); // step 6b.ii
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2); // step 6b.iii
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hasher.node(sr, c); // step 6b, otherwise
    }
    fn = Math.floor(fn / 2); // step 6c
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) fail("proof is too short"); // step 7
  if (!hashesEqual(fr, root1)) fail("proof does not lead to the first root"); // step 7
  if (!hashesEqual(sr, root2)) fail("proof does not lead to the second root"); // step 7
}

/**
 * True when the consistency proof verifies (RFC 9162 §2.1.4.2); a failing proof is `false`, not an
 * exception. Use `assertConsistency` for the reason.
 */
export function verifyConsistency(claim: ConsistencyClaim): boolean {
  try {
    assertConsistency(claim);
    return true;
  } catch (e) {
    if (isTetError(e, "LOG_BAD_PROOF")) return false;
    throw e;
  }
}
