import { readFile } from "node:fs/promises";
import { nodeVerifier } from "@tet/schemas/node";
import type { InvoiceScope } from "../../billing/index.js";
import { canonicalInvoice, invoiceFromBundle, sameInvoice } from "../../billing/index.js";
import type { CliIo, Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { nodeHasher } from "../../ledger/index.js";
import { apiBase, getJson, oneId, remote } from "./apiClient.js";
import { nodeBatchVerify } from "./batchVerify.js";
import { readLogKey } from "./verify.js";

const USAGE =
  "invoice ID (--session S | --from ISO --to ISO) [--api URL]                 (the backend's invoice, JSON)\n" +
  "       tet invoice compute BUNDLE (--session S | --from ISO --to ISO) --log-key KEY   (offline)\n" +
  "       tet invoice verify BUNDLE INVOICE.json --log-key KEY                             (offline)";

function scopeOf(options: Map<string, string>): InvoiceScope {
  const session = options.get("session");
  if (session) return { session };
  const from = Date.parse(options.get("from") ?? "");
  const to = Date.parse(options.get("to") ?? "");
  if (Number.isNaN(from) || Number.isNaN(to))
    throw new UsageError("--session, or --from and --to (ISO 8601)");
  return { period: { from, to } };
}

async function readBytes(file: string, io: CliIo): Promise<Uint8Array> {
  try {
    return file === "-" ? await io.readStdin() : new Uint8Array(await readFile(file));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

async function offline(
  bundleFile: string,
  scope: InvoiceScope,
  keyText: string | undefined,
  io: CliIo,
  size?: number,
) {
  if (!keyText) throw new UsageError("--log-key is required");
  const r = await invoiceFromBundle(await readBytes(bundleFile, io), scope, {
    logKey: await readLogKey(keyText),
    verifier: nodeVerifier,
    verifyBatch: nodeBatchVerify,
    hasher: nodeHasher,
    ...(size !== undefined ? { size } : {}),
  });
  if (!r.ok) io.stderr(`error ${r.code}: ${r.message}\n`);
  return r;
}

/**
 * `tet invoice`: fetches an invoice from the backend, or computes one offline from an exported
 * bundle, or verifies a given invoice by recomputing it from the bundle (exit 1 with
 * INVOICE_MISMATCH and the first differing line when it does not match).
 */
export const invoiceCommand: Command = {
  name: "invoice",
  summary: "an invoice from signed usage × tariff; compute or verify it offline from a bundle",
  usage: USAGE,
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["api", "session", "from", "to", "log-key"]);
    const [sub, ...rest] = positional;
    if (sub === "verify") {
      const [bundleFile, invoiceFile] = rest;
      if (!bundleFile || !invoiceFile || rest.length !== 2) throw new UsageError("verify BUNDLE INVOICE");
      let claimed: { session?: string; period?: { from: number; to: number }; logSize?: number };
      try {
        claimed = JSON.parse(new TextDecoder().decode(await readBytes(invoiceFile, io)));
      } catch (e) {
        io.stderr(`error INVOICE_MALFORMED: ${(e as Error).message}\n`);
        return 1;
      }
      const scope: InvoiceScope | undefined = claimed.session
        ? { session: claimed.session }
        : claimed.period
          ? { period: claimed.period }
          : undefined;
      if (!scope) {
        io.stderr("error INVOICE_MALFORMED: neither session nor period\n");
        return 1;
      }
      const size = Number.isSafeInteger(claimed.logSize) ? claimed.logSize : undefined;
      const r = await offline(bundleFile, scope, options.get("log-key"), io, size);
      if (!r.ok) return 1;
      if (!sameInvoice(claimed, r.invoice)) {
        io.stderr(`error INVOICE_MISMATCH: recomputed ${canonicalInvoice(r.invoice)}\n`);
        return 1;
      }
      io.stdout(
        `invoice verified: ${r.invoice.lines.length} line(s), total ${r.invoice.total} TET base units\n`,
      );
      return 0;
    }
    if (sub === "compute") {
      const r = await offline(oneId(rest, "BUNDLE"), scopeOf(options), options.get("log-key"), io);
      if (!r.ok) return 1;
      io.stdout(`${JSON.stringify(r.invoice, null, 2)}\n`);
      return 0;
    }
    const id = oneId(positional);
    const scope = scopeOf(options);
    const q =
      "session" in scope
        ? `session=${encodeURIComponent(scope.session)}`
        : `from=${scope.period.from}&to=${scope.period.to}`;
    return remote(io, async () => {
      const inv = await getJson<unknown>(
        apiBase(options),
        `/v1/objects/${encodeURIComponent(id)}/invoice?${q}`,
      );
      io.stdout(`${JSON.stringify(inv, null, 2)}\n`);
      return 0;
    });
  },
};
