import { objectIdFromText } from "@tet/schemas";
import type { StatementLedger } from "../ledger/index.js";
import { ApiError } from "./apiError.js";
import { BUNDLE_VERSION, type BundleEntry, encodeBundle } from "./bundle/index.js";

/**
 * Exports an object as a bundle: every one of its entries in the latest checkpoint's tree, each with
 * its statement bytes (or leaf hash, if pruned) and its inclusion proof, and that signed checkpoint.
 * Entries appended after the checkpoint are left for the next export.
 */
export async function exportBundle(ledger: StatementLedger, id: string): Promise<Uint8Array> {
  const cp = ledger.log.latestCheckpoint;
  if (cp === undefined) throw new ApiError("NO_CHECKPOINT");
  const object = objectIdFromText(id);
  const entries: BundleEntry[] = [];
  let after = -1;
  for (;;) {
    const page = await ledger.log.store.entriesByObject(object, { afterIndex: after, limit: 1000 });
    for (const e of page) {
      if (e.index >= cp.size) break;
      const { proof } = await ledger.log.inclusionProof(e.index, cp.size);
      entries.push({ index: e.index, proof, ...(e.bytes ? { statement: e.bytes } : { leaf: e.leafHash }) });
      after = e.index;
    }
    if (page.length < 1000 || after !== page[page.length - 1]?.index) break;
  }
  return encodeBundle({ v: BUNDLE_VERSION, object, checkpoint: cp.note, entries });
}
