import { isDidKey } from "@tet/schemas";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { oneId } from "./apiClient.js";
import { objectIdArg } from "./objectIdArg.js";
import { signAndPost } from "./ownerStatement.js";

/** `tet transfer ID --to DID --key FILE`: the current owner hands the object to a new did:key. */
export const transfer: Command = {
  name: "transfer",
  summary: "transfer ownership to a did:key (signed by the current owner)",
  usage: "transfer ID --to DID --key FILE [--api URL]",
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["to", "key", "api"]);
    const obj = objectIdArg(oneId(positional));
    const to = options.get("to");
    const keyPath = options.get("key");
    if (!to || !keyPath) throw new UsageError("--to and --key are required");
    if (!isDidKey(to)) throw new UsageError(`--to is not a did:key: ${to}`);
    return signAndPost(io, { options, keyPath, statement: { t: "transfer", obj, to } });
  },
};
