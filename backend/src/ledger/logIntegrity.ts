import {
  bytesEqual,
  type Ed25519Verifier,
  inclusionProofPlan,
  isTetError,
  type LogHasher,
  type NodeKey,
  nodeKeyId,
  openCheckpoint,
  type ProofPlan,
  resolveProof,
  rootFromInclusionProof,
} from "@tet/schemas";
import { LedgerError } from "./ledgerError.js";
import type { LedgerStore, StoredCheckpoint, StoredEntry } from "./ledgerStore.js";
import { nodeHasher } from "./nodeHasher.js";
import { ProvenBlocks } from "./provenBlocks.js";

/** Configuration of a `LogIntegrity`. */
export interface LogIntegrityOptions {
  store: LedgerStore;
  /** The log's Ed25519 public key and origin: a checkpoint counts only with its valid signature. */
  logKey: Uint8Array;
  origin: string;
  verifier: Ed25519Verifier;
  /** The latest committed checkpoint (the `Ledger`'s `latestCheckpoint`). */
  checkpoint: () => StoredCheckpoint | undefined;
  hasher?: LogHasher;
  /** Where the first mismatch is logged (once). */
  log?: (line: string) => void;
}

/** The root a signed checkpoint commits to, read from its verified note (never the `root` column). */
export interface TrustedRoot {
  size: number;
  root: Uint8Array;
}

/** Proven subtrees are remembered from level 4 up (below it, a block of 16 leaves is one range read). */
const BLOCK_LEVEL = 4;
/**
 * Checks stored log data before it leaves the backend (issue 23 item 7): every entry's bytes must hash
 * to its stored leaf (RFC 9162 §2.1.1, `0x00 ‖ bytes`), and that leaf must be included in the root of
 * the latest checkpoint whose C2SP signature verifies with the log key (RFC 9162 §2.1.3.2), so bytes
 * edited with their leaf hash, or a tree node edited, are caught too. The hash of every complete
 * subtree of level ≥ 4 on a proven path is kept (`ProvenBlocks` per level, about 4 bytes an entry in
 * all), so a later check climbs only to its lowest proven ancestor: the leaves' block (one range
 * read) and the few stored nodes below it, instead of a whole proof to the root. Entries after the
 * latest checkpoint have no signed root yet: only their leaf is checked. The first mismatch is kept as `failure` (readiness reports it), logged once, and
 * every mismatch is counted and answered `LOG_CORRUPT`.
 */
export class LogIntegrity {
  readonly #o: LogIntegrityOptions;
  readonly #hasher: LogHasher;
  /** Proven complete subtrees per level (index = level − BLOCK_LEVEL): never change in an append-only log. */
  #levels: ProvenBlocks[] = [];
  #note: string | undefined;
  #trusted: TrustedRoot | undefined;
  #failure: string | undefined;
  readonly counts = { serve: 0, audit: 0 };

  constructor(o: LogIntegrityOptions) {
    this.#o = o;
    this.#hasher = o.hasher ?? nodeHasher;
  }

  /** The first mismatch found, in words, or undefined while everything checked matched. */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** Records a mismatch: counted, kept (and logged) if it is the first, returned as a `LOG_CORRUPT` error. */
  fail(reason: string, where: keyof LogIntegrity["counts"]): LedgerError {
    this.counts[where]++;
    if (this.#failure === undefined) {
      this.#failure = reason;
      this.#o.log?.(`log integrity: ${reason} (found by the ${where} check; not ready until restored)`);
    }
    return new LedgerError("LOG_CORRUPT", reason);
  }

  /** The latest checkpoint's size and root, from its note once the log key's signature verifies. */
  trusted(where: keyof LogIntegrity["counts"] = "serve"): TrustedRoot | undefined {
    const cp = this.#o.checkpoint();
    if (cp === undefined) return undefined;
    if (cp.note === this.#note) return this.#trusted;
    try {
      const { origin, publicKey } = { origin: this.#o.origin, publicKey: this.#o.logKey };
      const c = openCheckpoint(cp.note, { key: { name: origin, publicKey }, verifier: this.#o.verifier });
      this.#trusted = { size: c.size, root: c.root };
      this.#note = cp.note;
      return this.#trusted;
    } catch (e) {
      if (!isTetError(e)) throw e;
      throw this.fail(
        `the checkpoint of size ${cp.size} does not verify with the log key: ${e.message}`,
        where,
      );
    }
  }

  /**
   * Records blocks of 16 leaves (level-4 subtrees) as proven: for the audit, whose own tree over
   * these leaves gave the signed root, so that reads need not prove them again.
   */
  prove(blocks: readonly { index: number; hash: Uint8Array }[]): void {
    for (const b of blocks) this.#level(BLOCK_LEVEL).set(b.index, b.hash);
  }

  /** Forgets the proven blocks, so that the next checks read every node up to the root again. */
  forget(): void {
    this.#levels = [];
  }

  /**
   * Resolves when every entry's bytes hash to its leaf and each leaf under the signed checkpoint is
   * in its root; rejects with `LOG_CORRUPT` naming the first entry that is not. One store read for
   * all the proofs.
   */
  async check(entries: readonly StoredEntry[], where: keyof LogIntegrity["counts"] = "serve"): Promise<void> {
    for (const e of entries)
      if (e.bytes !== null && !bytesEqual(this.#hasher.leaf(e.bytes), e.leafHash))
        throw this.fail(`entry ${e.index}: its stored bytes do not hash to its leaf`, where);
    const t = entries.length === 0 ? undefined : this.trusted(where);
    if (t === undefined) return;
    const jobs = entries
      .filter((e) => e.index < t.size)
      .map((e) => {
        const proven = this.#provenAncestor(e.index, t.size);
        // Under a proven subtree only the siblings below it are read; otherwise the whole proof.
        const plan: ProofPlan = proven
          ? Array.from({ length: proven.level }, (_, l) => [
              { level: l, index: Math.floor(e.index / 2 ** l) ^ 1 },
            ])
          : inclusionProofPlan(e.index, t.size);
        return { e, proven, plan };
      });
    // Neighbouring entries share most of their proofs: each subtree is read once.
    const unique = new Map<string, NodeKey>();
    for (const j of jobs) for (const keys of j.plan) for (const k of keys) unique.set(nodeKeyId(k), k);
    const read = new Map<string, Uint8Array>();
    try {
      const keys = [...unique.values()];
      const hashes = await this.#o.store.subtrees(keys);
      for (const [i, k] of keys.entries()) read.set(nodeKeyId(k), hashes[i] as Uint8Array);
    } catch (err) {
      if (!/missing subtree/.test(String(err))) throw err;
      throw this.fail(`a tree node under the checkpoint of size ${t.size} is missing: ${String(err)}`, where);
    }
    for (const j of jobs) {
      const proof = resolveProof(j.plan, (k) => read.get(nodeKeyId(k)) as Uint8Array, this.#hasher);
      const { index, leafHash } = j.e;
      const path = this.#climb(index, leafHash, proof, t.size, j.proven?.level ?? Number.POSITIVE_INFINITY);
      const ok = j.proven
        ? bytesEqual(path[path.length - 1] ?? leafHash, j.proven.hash)
        : bytesEqual(
            rootFromInclusionProof({ index, size: t.size, leafHash, proof, hasher: this.#hasher }),
            t.root,
          );
      if (!ok)
        throw this.fail(
          `entry ${index} is not in the signed root of size ${t.size} (its leaf or its proof's nodes were edited)`,
          where,
        );
      // Only a verified path is remembered: the complete ancestors of level ≥ 4 below the proven one.
      const highest = j.proven ? j.proven.level - 1 : path.length;
      for (let level = BLOCK_LEVEL; level <= highest; level++)
        this.#level(level).set(Math.floor(index / 2 ** level), path[level - 1] as Uint8Array);
    }
  }

  #level(level: number): ProvenBlocks {
    const at = level - BLOCK_LEVEL;
    let blocks = this.#levels[at];
    if (blocks === undefined) {
      blocks = new ProvenBlocks();
      this.#levels[at] = blocks;
    }
    return blocks;
  }

  /** The lowest complete subtree above leaf `index` (level ≥ 4, inside `size`) already proven. */
  #provenAncestor(index: number, size: number): { level: number; hash: Uint8Array } | undefined {
    for (let level = BLOCK_LEVEL; level - BLOCK_LEVEL < this.#levels.length; level++) {
      const a = Math.floor(index / 2 ** level);
      if ((a + 1) * 2 ** level > size) return undefined;
      const hash = this.#levels[level - BLOCK_LEVEL]?.get(a);
      if (hash) return { level, hash };
    }
    return undefined;
  }

  /**
   * The hashes of leaf `index`'s complete ancestors, folded up its perfect path with `proof` (inside
   * complete subtrees of `size` the RFC 9162 §2.1.3.2 proof's first elements are the siblings, lowest
   * first): element k − 1 is the ancestor of level k, up to level `top` or the highest complete one.
   */
  #climb(
    index: number,
    leaf: Uint8Array,
    proof: readonly Uint8Array[],
    size: number,
    top: number,
  ): Uint8Array[] {
    const path: Uint8Array[] = [];
    let h = leaf;
    for (let level = 0; level < top && level < proof.length; level++) {
      if ((Math.floor(index / 2 ** (level + 1)) + 1) * 2 ** (level + 1) > size) break;
      const sibling = proof[level] as Uint8Array;
      h =
        Math.floor(index / 2 ** level) % 2 === 1
          ? this.#hasher.node(sibling, h)
          : this.#hasher.node(h, sibling);
      path.push(h);
    }
    return path;
  }
}
