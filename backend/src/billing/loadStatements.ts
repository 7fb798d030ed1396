import { parseStatement } from "@tet/schemas";
import type { Ledger } from "../ledger/index.js";
import type { LoggedStatement } from "./computeInvoice.js";

/**
 * Every stored statement of one object below `size` (default: all committed), in log order, decoded
 * with its signer: the input of `computeInvoice` on the backend side (pruned payloads are skipped).
 */
export async function loadStatements(
  ledger: Ledger,
  object: Uint8Array,
  size = Number.MAX_SAFE_INTEGER,
): Promise<LoggedStatement[]> {
  const out: LoggedStatement[] = [];
  let after = -1;
  for (;;) {
    const page = await ledger.log.store.entriesByObject(object, { afterIndex: after, limit: 1000 });
    for (const e of page) {
      if (e.index >= size) return out;
      after = e.index;
      if (!e.bytes) continue;
      const p = parseStatement(e.bytes);
      out.push({ index: e.index, statement: p.statement, signer: p.signer });
    }
    if (page.length < 1000) return out;
  }
}
