import { writeFile } from "node:fs/promises";
import type { Command } from "../../commandLine/index.js";
import { parseArgs } from "../../commandLine/index.js";
import { apiBase, call, oneId, remote } from "./apiClient.js";

/** `tet export ID > bundle.cbor`: downloads the object's bundle (statements, proofs, checkpoint). */
export const exportCommand: Command = {
  name: "export",
  summary: "download an avatar's verifiable bundle (CBOR) to stdout or --out",
  usage: "export ID [--out FILE] [--api URL] > bundle.cbor",
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["api", "out"]);
    const id = oneId(positional);
    return remote(io, async () => {
      const res = await call(apiBase(options), `/v1/objects/${encodeURIComponent(id)}/bundle`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const out = options.get("out");
      if (out) await writeFile(out, bytes);
      else io.stdout(bytes);
      io.stderr(`exported ${bytes.length} bytes\n`);
      return 0;
    });
  },
};
