/**
 * A complete subtree of the log: the 2^level leaves starting at leaf `index * 2^level`. Level 0 is a
 * leaf. Indices are plain numbers: exact up to 2^53 leaves, far beyond any log we run.
 */
export interface NodeKey {
  readonly level: number;
  readonly index: number;
}

/** A complete subtree and its hash. */
export interface TreeNode extends NodeKey {
  readonly hash: Uint8Array;
}

/** The largest power of two strictly smaller than n (n ≥ 2), the split point k of RFC 9162 §2.1.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees that cover the leaf range [lo, hi), largest first, as MTH splits them
 * (RFC 9162 §2.1.1). Valid for ranges whose start is aligned to the power of two at or above their
 * length, which is every range a proof asks about.
 */
export function rangeNodes(lo: number, hi: number): NodeKey[] {
  const out: NodeKey[] = [];
  let at = lo;
  while (at < hi) {
    let size = 1;
    let level = 0;
    while (at % (size * 2) === 0 && at + size * 2 <= hi) {
      size *= 2;
      level++;
    }
    out.push({ level, index: at / size });
    at += size;
  }
  return out;
}

/** A stable string for a node key, for maps. */
export function nodeKeyId(key: NodeKey): string {
  return `${key.level}/${key.index}`;
}

/** True when n is 2^k for some k ≥ 0 (without 32-bit bitwise operators, so safe past 2^31). */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  let m = n;
  while (m % 2 === 0) m /= 2;
  return m === 1;
}
