import { randomBytes } from "node:crypto";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { oneId } from "./apiClient.js";
import { objectIdArg } from "./objectIdArg.js";
import { type StatementFields, signAndPost } from "./ownerStatement.js";

/** Parses `k=v,k2=v2` into command arguments: numbers and true/false become typed, the rest text. */
function parseCommandArgs(text: string): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {};
  for (const pair of text.split(",").filter(Boolean)) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--args: ${pair} is not name=value`);
    const [k, v] = [pair.slice(0, eq), pair.slice(eq + 1)];
    out[k] = v === "true" ? true : v === "false" ? false : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }
  return out;
}

/**
 * `tet command ID --name N [--args k=v,…] [--ttl SECONDS] --key FILE`: a signed instruction to the
 * device (owner or delegate), with a fresh 16-byte id and an expiry; the device answers with a
 * command-result in its chain.
 */
export const command: Command = {
  name: "command",
  summary: "send a signed command to the object's device",
  usage: "command ID --name NAME --key FILE [--args k=v,k2=v2] [--ttl SECONDS (default 60)] [--api URL]",
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["name", "key", "args", "ttl", "api"]);
    const obj = objectIdArg(oneId(positional));
    const name = options.get("name");
    const keyPath = options.get("key");
    if (!name || !keyPath) throw new UsageError("--name and --key are required");
    const ttl = Number(options.get("ttl") ?? 60);
    if (!Number.isInteger(ttl) || ttl <= 0) throw new UsageError("--ttl is a positive number of seconds");
    const statement: StatementFields = {
      t: "command",
      obj,
      id: new Uint8Array(randomBytes(16)),
      name,
      expires: Date.now() + ttl * 1000,
    };
    if (options.has("args")) statement.args = parseCommandArgs(options.get("args") as string);
    return signAndPost(io, { options, keyPath, statement });
  },
};
