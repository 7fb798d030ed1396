import {
  foldSubtree,
  inclusionProofPlan,
  type LogHasher,
  type NodeKey,
  nodeKeyId,
  objectIdFromText,
  resolveProof,
} from "@tet/schemas";
import type { Ledger, LedgerStore, StoredEntry } from "../ledger/index.js";
import { ApiError } from "./apiError.js";
import { BUNDLE_VERSION, type BundleEntry, encodeBundle } from "./bundle/index.js";

const PAGE = 1000;
/** Below this level a subtree is folded here from known children rather than read (the store folds them from leaves too). */
const FOLD_BELOW = 4;

/**
 * The inclusion proofs of a page of entries in the tree of `size` entries (RFC 9162 §2.1.3.1), with
 * one store read for the whole page: the subtrees all the proofs need are gathered and de-duplicated
 * (neighbouring entries share most of them), the page's own leaf hashes and the small subtrees over
 * them are not read at all.
 */
async function pageProofs(
  store: LedgerStore,
  entries: readonly StoredEntry[],
  size: number,
  hasher: LogHasher,
): Promise<Uint8Array[][]> {
  const plans = entries.map((e) => inclusionProofPlan(e.index, size));
  const known = new Map<string, Uint8Array>();
  for (const e of entries) known.set(nodeKeyId({ level: 0, index: e.index }), e.leafHash);
  const need = new Map<string, NodeKey>();
  for (const plan of plans) for (const element of plan) for (const k of element) need.set(nodeKeyId(k), k);
  const fold = (k: NodeKey): Uint8Array | undefined => {
    const id = nodeKeyId(k);
    const have = known.get(id);
    if (have !== undefined || k.level === 0 || k.level >= FOLD_BELOW) return have;
    const leaves: Uint8Array[] = [];
    for (let i = k.index * 2 ** k.level; i < (k.index + 1) * 2 ** k.level; i++) {
      const h = known.get(nodeKeyId({ level: 0, index: i }));
      if (h === undefined) return undefined;
      leaves.push(h);
    }
    const h = foldSubtree(leaves, hasher);
    known.set(id, h);
    return h;
  };
  const read = [...need.values()].filter((k) => fold(k) === undefined);
  const hashes = await store.subtrees(read);
  for (const [i, k] of read.entries()) known.set(nodeKeyId(k), hashes[i] as Uint8Array);
  return plans.map((plan) => resolveProof(plan, (k) => known.get(nodeKeyId(k)) as Uint8Array, hasher));
}

/**
 * Exports an object as a bundle: every one of its entries in the latest checkpoint's tree, each with
 * its statement bytes (or leaf hash, if pruned) and its inclusion proof, and that signed checkpoint.
 * Entries appended after the checkpoint are left for the next export. Proofs are made a page of
 * entries at a time, one store read per page. The API passes its checked store (`verifiedReads`).
 */
export async function exportBundle(
  ledger: Ledger,
  id: string,
  store: LedgerStore = ledger.log.store,
): Promise<Uint8Array> {
  const cp = ledger.log.latestCheckpoint;
  if (cp === undefined) throw new ApiError("NO_CHECKPOINT");
  const object = objectIdFromText(id);
  const entries: BundleEntry[] = [];
  let after = -1;
  for (;;) {
    const page = await store.entriesByObject(object, { afterIndex: after, limit: PAGE });
    const inTree = page.filter((e) => e.index < cp.size);
    const proofs = await pageProofs(store, inTree, cp.size, ledger.log.hasher);
    inTree.forEach((e, i) => {
      const proof = proofs[i] as Uint8Array[];
      entries.push({ index: e.index, proof, ...(e.bytes ? { statement: e.bytes } : { leaf: e.leafHash }) });
    });
    if (page.length < PAGE || inTree.length < page.length) break;
    after = (page[page.length - 1] as StoredEntry).index;
  }
  return encodeBundle({ v: BUNDLE_VERSION, object, checkpoint: cp.note, entries });
}
