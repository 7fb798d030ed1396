import { HASH_SIZE, hashesEqual, isTetError, type LogHasher, rootFromInclusionProof } from "@tet/schemas";

/**
 * One path through the tree: for each level, the position (RFC 9162's shifted fn) and hash of the
 * path's node and of its sibling — the nodes a verified proof showed to lead to the root.
 */
class Path {
  readonly fn = [new Array<number>(64).fill(-2), new Array<number>(64).fill(-2)] as const;
  readonly hash = [new Array<Uint8Array | undefined>(64), new Array<Uint8Array | undefined>(64)] as const;

  get(level: number, fn: number): Uint8Array | undefined {
    if (this.fn[0][level] === fn) return this.hash[0][level];
    if (this.fn[1][level] === fn) return this.hash[1][level];
    return undefined;
  }

  set(slot: 0 | 1, level: number, fn: number, hash: Uint8Array): void {
    this.fn[slot][level] = fn;
    this.hash[slot][level] = hash;
  }

  clear(): void {
    this.fn[0].fill(-2);
    this.fn[1].fill(-2);
  }
}

/**
 * Checks inclusion proofs of many leaves against one tree (size, root) — RFC 9162 §2.1.3.2 — and
 * returns `true` or the reason a proof fails. The nodes of the last verified path and their siblings
 * are remembered: where a later proof meets the same node and the same sibling at the same position,
 * their parent is taken from that path instead of hashed — the same value, as the tree's shape is fixed
 * by its size. A bundle's entries come in index order, so consecutive proofs share most of their
 * path and n proofs of neighbouring leaves cost about 2n hashes instead of n · log2(size).
 */
export class ProofChecker {
  readonly #size: number;
  readonly #root: Uint8Array;
  readonly #hasher: LogHasher;
  /** The last verified path, and the one being walked. */
  #known = new Path();
  #next = new Path();

  constructor(tree: { size: number; root: Uint8Array; hasher: LogHasher }) {
    this.#size = tree.size;
    this.#root = tree.root;
    this.#hasher = tree.hasher;
  }

  check(index: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): true | string {
    if (!this.#walk(index, leafHash, proof)) return this.#reason(index, leafHash, proof);
    [this.#known, this.#next] = [this.#next, this.#known];
    return true;
  }

  /** RFC 9162 §2.1.3.2 steps 2–5, recording the path in `#next`; false on any failure. */
  #walk(index: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): boolean {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.#size || leafHash.length !== HASH_SIZE)
      return false;
    const known = this.#known;
    const path = this.#next;
    path.clear();
    let fn = index; // step 2
    let sn = this.#size - 1;
    let level = 0;
    let r = leafHash; // step 3
    for (const p of proof) {
      if (p.length !== HASH_SIZE || sn === 0) return false; // step 4a
      const mine = known.get(level, fn);
      path.set(0, level, fn, r);
      const left = fn % 2 === 1 || fn === sn;
      if (fn % 2 === 0 && fn === sn) {
        // A right-edge node without a sibling stands for its parent (step 4b.ii).
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
          level++;
        }
        path.set(0, level, fn, r);
      }
      const sibling = left ? fn - 1 : fn + 1;
      const theirs = known.get(level, sibling);
      path.set(1, level, sibling, p);
      fn = Math.floor(fn / 2); // step 4c
      sn = Math.floor(sn / 2);
      level++;
      const up = mine !== undefined && theirs !== undefined && equal(mine, r) && equal(theirs, p);
      const parent = up ? known.get(level, fn) : undefined;
      r = parent ?? (left ? this.#hasher.node(p, r) : this.#hasher.node(r, p)); // step 4b.i, otherwise 4b
    }
    if (sn !== 0 || !hashesEqual(r, this.#root)) return false; // step 5
    path.set(0, level, fn, r);
    return true;
  }

  /** The reason a proof fails, in the words of the reference verifier. */
  #reason(index: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): string {
    try {
      const root = rootFromInclusionProof({ index, size: this.#size, leafHash, proof, hasher: this.#hasher });
      return hashesEqual(root, this.#root) ? "proof does not verify" : "leads to another root";
    } catch (e) {
      if (isTetError(e, "LOG_BAD_PROOF")) return e.message;
      throw e;
    }
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
