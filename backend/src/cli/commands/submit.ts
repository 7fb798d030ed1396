import { readFile } from "node:fs/promises";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { apiBase, oneId, postStatement, remote } from "./apiClient.js";

/** `tet submit FILE`: posts one signed statement (as `tet sign` wrote it) to the API; prints its log index. */
export const submit: Command = {
  name: "submit",
  summary: "post a signed statement (COSE file) to the API",
  usage: "submit FILE [--api URL]   (- for standard input)",
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["api"]);
    const file = oneId(positional, "FILE");
    let bytes: Uint8Array;
    try {
      bytes = file === "-" ? await io.readStdin() : new Uint8Array(await readFile(file));
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    return remote(io, async () => {
      const r = await postStatement(apiBase(options), bytes);
      io.stdout(`${JSON.stringify(r)}\n`);
      return 0;
    });
  },
};
