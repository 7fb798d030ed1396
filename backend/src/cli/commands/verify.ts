import { hash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { decodeKeyFile, isDidKey, parseVerifierKey, publicKeyFromDidKey, publicKeyOf } from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import { type BundleSummary, verifyBundle } from "../../api/index.js";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { nodeHasher } from "../../ledger/index.js";
import { oneId } from "./apiClient.js";
import { nodeBatchVerify } from "./batchVerify.js";

/**
 * The log's public key from `--log-key`: a did:key, a note verifier key (`name+id+base64`), or a
 * file holding one of those or the log's PEM private key.
 */
export async function readLogKey(text: string): Promise<Uint8Array> {
  const parse = (t: string): Uint8Array | undefined => {
    const s = t.trim();
    if (isDidKey(s)) return publicKeyFromDidKey(s);
    if (/^[^+\s]+\+[0-9a-f]{8}\+\S+$/.test(s)) return parseVerifierKey(s).publicKey;
    if (s.includes("-----BEGIN")) return publicKeyOf(decodeKeyFile(s));
    return undefined;
  };
  const direct = parse(text);
  if (direct) return direct;
  let content: string;
  try {
    content = await readFile(text, "utf8");
  } catch (e) {
    throw new UsageError(
      `--log-key is not a did:key, verifier key or readable key file: ${(e as Error).message}`,
    );
  }
  const key = parse(content);
  if (!key) throw new UsageError(`${text} holds no did:key, verifier key or PEM key`);
  return key;
}

const date = (ms: number | undefined) => (ms === undefined ? "-" : new Date(ms).toISOString());

function summaryText(s: BundleSummary, file: string): string {
  const kinds = Object.entries(s.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  return [
    `bundle      ${file}`,
    `object      ${s.object}`,
    `log         ${s.origin}, checkpoint of ${s.treeSize} entries: signature valid`,
    `statements  ${s.statements} (${kinds})${s.pruned ? `, ${s.pruned} pruned (leaf hashes only)` : ""}`,
    `signatures  ${s.statements} valid`,
    `proofs      ${s.statements + s.pruned} inclusion proofs valid`,
    `device      chain of ${s.deviceSeq} statements intact, ${s.deviceKeys} device key(s) bound`,
    `owners      ${s.owners.join(" → ")}`,
    `period      ${date(s.firstTs)} … ${date(s.lastTs)}`,
    "verified    OK",
  ].join("\n");
}

/**
 * `tet verify FILE --log-key KEY`: verifies an exported bundle offline — every signature, the device
 * chain, every inclusion proof and the checkpoint's signature — trusting nothing but the log key.
 * Prints a summary and exits 0, or prints the first defect's code and exits 1.
 */
export const verifyCommand: Command = {
  name: "verify",
  summary: "verify an exported bundle offline against the log key",
  usage: "verify FILE --log-key (DID | VERIFIER-KEY | FILE)   (- for standard input)",
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["log-key"]);
    const file = oneId(positional, "FILE");
    const keyText = options.get("log-key");
    if (!keyText) throw new UsageError("--log-key is required");
    const logKey = await readLogKey(keyText);
    let bytes: Uint8Array;
    try {
      bytes = file === "-" ? await io.readStdin() : new Uint8Array(await readFile(file));
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const r = await verifyBundle(bytes, {
      logKey,
      verifier: nodeVerifier,
      verifyBatch: nodeBatchVerify,
      hasher: nodeHasher,
      sha256: (data) => new Uint8Array(hash("sha256", data, "buffer")),
    });
    if (!r.ok) {
      const at =
        r.entry === undefined
          ? ""
          : ` (entry ${r.entry}${r.index === undefined ? "" : `, log index ${r.index}`})`;
      io.stderr(`error ${r.code}: ${r.message}${at}\n`);
      return 1;
    }
    io.stdout(`${summaryText(r, file)}\n`);
    return 0;
  },
};
