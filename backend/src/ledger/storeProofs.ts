import {
  CompactRange,
  consistencyProofPlan,
  foldPlan,
  inclusionProofPlan,
  type LogHasher,
  type NodeKey,
  type ProofPlan,
} from "@tet/schemas";
import type { LedgerStore } from "./ledgerStore.js";
import { nodeHasher } from "./nodeHasher.js";

/** An inclusion proof as the API serves it: verify with `verifyInclusion({ ...proof, root })`. */
export interface InclusionProof {
  index: number;
  size: number;
  leafHash: Uint8Array;
  proof: Uint8Array[];
}

/** Reads every subtree a plan needs (after `extra` keys) in one store call, then folds the proof. */
async function resolve(
  store: LedgerStore,
  plan: ProofPlan,
  extra: NodeKey[],
  hasher: LogHasher,
): Promise<{ proof: Uint8Array[]; extra: Uint8Array[] }> {
  const hashes = await store.subtrees([...extra, ...plan.flat()]);
  return { proof: foldPlan(plan, hashes.slice(extra.length), hasher), extra: hashes.slice(0, extra.length) };
}

/**
 * The inclusion proof of entry `index` in the tree of the first `size` entries, from stored subtree
 * hashes in one store read (RFC 9162 §2.1.3.1). Works on any store connection, so readers (the
 * passport API) need no `Ledger`; `size` must be committed.
 */
export async function proveInclusion(
  store: LedgerStore,
  q: { index: number; size: number; hasher?: LogHasher },
): Promise<InclusionProof> {
  const leaf = { level: 0, index: q.index };
  const r = await resolve(store, inclusionProofPlan(q.index, q.size), [leaf], q.hasher ?? nodeHasher);
  return { index: q.index, size: q.size, leafHash: r.extra[0] as Uint8Array, proof: r.proof };
}

/** The consistency proof between the trees of `size1` and `size2` entries (RFC 9162 §2.1.4.1). */
export async function proveConsistency(
  store: LedgerStore,
  q: { size1: number; size2: number; hasher?: LogHasher },
): Promise<Uint8Array[]> {
  return (await resolve(store, consistencyProofPlan(q.size1, q.size2), [], q.hasher ?? nodeHasher)).proof;
}

/** The root of the tree of the first `size` entries, folded from its O(log n) edge subtrees (RFC 9162 §2.1.1). */
export async function rootOf(
  store: LedgerStore,
  q: { size: number; hasher?: LogHasher },
): Promise<Uint8Array> {
  const hasher = q.hasher ?? nodeHasher;
  const edge = q.size === 0 ? [] : await store.subtrees(CompactRange.edgeKeys(q.size));
  return CompactRange.fromEdge(q.size, edge, hasher).root();
}
