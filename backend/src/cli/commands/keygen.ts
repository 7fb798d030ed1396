import { writeFile } from "node:fs/promises";
import { didKeyFromPublicKey, encodeKeyFile, generatePrivateKey, publicKeyOf } from "@tet/schemas";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";

/** `tet keygen --out FILE`: a new Ed25519 key in a PEM file only its owner can read; prints the did:key. */
export const keygen: Command = {
  name: "keygen",
  summary: "create an Ed25519 key file and print its did:key",
  usage: "keygen --out FILE",
  async run(args, io) {
    const { options } = parseArgs(args, ["out"]);
    const out = options.get("out");
    if (!out) throw new UsageError("--out is required");
    const privateKey = generatePrivateKey();
    try {
      // 'wx': never overwrite an existing key; mode 0600: readable by its owner only.
      await writeFile(out, encodeKeyFile(privateKey), { mode: 0o600, flag: "wx" });
    } catch (e) {
      throw new UsageError(`cannot write ${out}: ${(e as Error).message}`);
    }
    io.stdout(`${didKeyFromPublicKey(publicKeyOf(privateKey))}\n`);
    return 0;
  },
};
