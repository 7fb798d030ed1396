import { type Ed25519Verifier, parseStatement } from "@tet/schemas";
import {
  type BundleDefect,
  decodeBundle,
  defect,
  type VerifyBundleOptions,
  verifyBundle,
} from "../api/index.js";
import { computeInvoice, type InvoiceScope, type LoggedStatement } from "./computeInvoice.js";
import type { Invoice } from "./invoice.js";

/**
 * Recomputes an invoice from an exported bundle, trusting nothing but the log key: the bundle is
 * verified first (signatures, device chain, inclusion proofs, signed checkpoint), then the invoice
 * is computed from its statements exactly as the backend computes it. A bundle defect is returned as
 * its `BundleDefect`, not thrown.
 */
export async function invoiceFromBundle(
  bytes: Uint8Array,
  scope: InvoiceScope,
  opts: Omit<VerifyBundleOptions, "verifier"> & {
    verifier: Ed25519Verifier;
    /** Compute over the entries below this log size (an invoice's `logSize`); default the checkpoint's. */
    size?: number;
  },
): Promise<{ ok: true; invoice: Invoice } | BundleDefect> {
  const checked = await verifyBundle(bytes, opts);
  if (!checked.ok) return checked;
  const size = opts.size ?? checked.treeSize;
  if (size > checked.treeSize)
    return defect(
      "BUNDLE_MALFORMED",
      `the invoice covers ${size} entries, the checkpoint ${checked.treeSize}`,
    );
  const b = decodeBundle(bytes);
  if ("error" in b) throw new Error("unreachable: a verified bundle decodes");
  const statements: LoggedStatement[] = [];
  for (const e of b.entries) {
    if (e.index >= size) break;
    if (e.statement === undefined) continue; // pruned: only telemetry is ever pruned past its newest
    const p = parseStatement(e.statement);
    statements.push({ index: e.index, statement: p.statement, signer: p.signer });
  }
  return { ok: true, invoice: computeInvoice(b.object, statements, scope, size) };
}
