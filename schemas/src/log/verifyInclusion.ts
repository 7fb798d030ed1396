import { isTetError, TetError } from "../errors.js";
import { HASH_SIZE, hashesEqual, type LogHasher, rfc9162Hasher } from "./hasher.js";

/** An inclusion proof claim: leaf `index` with `leafHash` is in the tree of `size` leaves and `root`. */
export interface InclusionClaim {
  index: number;
  size: number;
  leafHash: Uint8Array;
  proof: readonly Uint8Array[];
  root: Uint8Array;
  hasher?: LogHasher;
}

/**
 * The root that an inclusion proof implies, by the algorithm of RFC 9162 §2.1.3.2. Throws
 * `LOG_BAD_PROOF` when the proof cannot be a proof for that index and size (wrong length, hashes
 * of the wrong size).
 */
export function rootFromInclusionProof(claim: Omit<InclusionClaim, "root">): Uint8Array {
  const { index, size, leafHash, proof } = claim;
  const hasher = claim.hasher ?? rfc9162Hasher;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0) {
    throw new TetError("LOG_BAD_PROOF", "index and size must be safe non-negative integers");
  }
  if (index >= size) throw new TetError("LOG_BAD_PROOF", `index ${index} is not below size ${size}`); // §2.1.3.2 step 1
  if (leafHash.length !== HASH_SIZE) throw new TetError("LOG_BAD_PROOF", "leaf hash is not 32 bytes");
  let fn = index; // step 2
  let sn = size - 1;
  let r = leafHash; // step 3
  for (const p of proof) {
    if (p.length !== HASH_SIZE) throw new TetError("LOG_BAD_PROOF", "proof hash is not 32 bytes");
    if (sn === 0) throw new TetError("LOG_BAD_PROOF", "proof is too long"); // step 4a
    if (fn % 2 === 1 || fn === sn) {
      r = hasher.node(p, r); // step 4b.i
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2); // step 4b.ii
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hasher.node(r, p); // step 4b, otherwise
    }
    fn = Math.floor(fn / 2); // step 4c
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new TetError("LOG_BAD_PROOF", "proof is too short"); // step 5
  return r;
}

/**
 * Checks an inclusion proof (RFC 9162 §2.1.3.2) and throws `LOG_BAD_PROOF` with the reason when it
 * does not verify.
 */
export function assertInclusion(claim: InclusionClaim): void {
  const root = rootFromInclusionProof(claim);
  if (!hashesEqual(root, claim.root))
    throw new TetError("LOG_BAD_PROOF", "inclusion proof leads to another root"); // §2.1.3.2 step 5
}

/**
 * True when the inclusion proof verifies. A proof that does not verify is a value (`false`), not
 * an exception; use `assertInclusion` for the reason.
 *
 * @example
 * verifyInclusion({ index: 3, size: 8, leafHash: leafHash(bytes), proof, root: checkpoint.root });
 */
export function verifyInclusion(claim: InclusionClaim): boolean {
  try {
    assertInclusion(claim);
    return true;
  } catch (e) {
    if (isTetError(e, "LOG_BAD_PROOF")) return false;
    throw e;
  }
}
