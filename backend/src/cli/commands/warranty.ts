import { isDidKey } from "@tet/schemas";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { oneId } from "./apiClient.js";
import { objectIdArg, timeArg } from "./objectIdArg.js";
import { type StatementFields, signAndPost } from "./ownerStatement.js";

const ACTIONS = ["issue", "claim", "accept", "reject", "void"] as const;

/**
 * `tet warranty issue|claim|accept|reject|void ID --warranty W --key FILE`: an issuer the owner
 * accepts (the owner, the genesis `maker`, or a key bound with `tet key add --role issuer`) issues
 * (`--until`, `--terms`, `--transferable yes|no`), the owner claims citing evidence statements by log
 * index (`--evidence 12,13`), the issuer accepts, rejects or voids (`--reason`); the owner may void
 * an unaccepted one (from an old log). Chained: `prev` comes from the passport.
 */
export const warranty: Command = {
  name: "warranty",
  summary: "issue, claim, accept, reject or void a warranty",
  usage:
    "warranty issue|claim|accept|reject|void ID --warranty W --key FILE [--until DATE] [--terms T] [--transferable yes|no] [--issuer DID] [--evidence I,J] [--reason R] [--api URL]",
  async run(args, io) {
    const [action, ...rest] = args;
    if (!(ACTIONS as readonly string[]).includes(action ?? ""))
      throw new UsageError(`the action is one of ${ACTIONS.join(", ")}`);
    const { options, positional } = parseArgs(rest, [
      "warranty",
      "key",
      "until",
      "terms",
      "transferable",
      "issuer",
      "evidence",
      "reason",
      "api",
    ]);
    const obj = objectIdArg(oneId(positional));
    const id = options.get("warranty");
    const keyPath = options.get("key");
    if (!id || !keyPath) throw new UsageError("--warranty and --key are required");
    const s: StatementFields = { t: "warranty", obj, action, warranty: id };
    const until = options.get("until");
    if (until !== undefined) s.until = timeArg(until, "until");
    if (options.has("terms")) s.terms = options.get("terms");
    if (options.has("reason")) s.reason = options.get("reason");
    const transferable = options.get("transferable");
    if (transferable !== undefined) {
      if (transferable !== "yes" && transferable !== "no")
        throw new UsageError("--transferable is yes or no");
      s.transferable = transferable === "yes";
    }
    const issuer = options.get("issuer");
    if (issuer !== undefined) {
      if (!isDidKey(issuer)) throw new UsageError("--issuer is not a did:key");
      s.issuer = issuer;
    }
    const evidence = options.get("evidence");
    if (evidence !== undefined) {
      if (!/^\d+(,\d+)*$/.test(evidence))
        throw new UsageError("--evidence is a comma-separated list of log indices");
      s.evidence = evidence.split(",").map(Number);
    }
    return signAndPost(io, { options, keyPath, statement: s });
  },
};
