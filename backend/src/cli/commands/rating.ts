import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { oneId } from "./apiClient.js";
import { objectIdArg } from "./objectIdArg.js";
import { type StatementFields, signAndPost } from "./ownerStatement.js";

/**
 * `tet rating ID --score 1..5 --settlement REF --key FILE [--text T]`: after a settled session the
 * payer rates the object and its provider, citing the settlement (`chainId:channel:txHash`, as the
 * provider statement and `GET /v1/objects/{id}/ratings` show it). The key must be the did:key the
 * payer named when opening the session; the ledger refuses anyone else (NOT_SETTLED).
 */
export const ratingCommand: Command = {
  name: "rating",
  summary: "rate an object after a settled session (1–5, optional text)",
  usage: "rating ID --score 1..5 --settlement CHAIN:CHANNEL:TX --key FILE [--text T] [--api URL]",
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["score", "settlement", "key", "text", "api"]);
    const obj = objectIdArg(oneId(positional));
    const score = Number(options.get("score"));
    const settlement = options.get("settlement");
    const keyPath = options.get("key");
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new UsageError("--score is 1 to 5");
    if (!settlement) throw new UsageError("--settlement is required");
    if (!keyPath) throw new UsageError("--key is required");
    const s: StatementFields = { t: "rating", obj, score, settlement };
    if (options.has("text")) s.text = options.get("text");
    return signAndPost(io, { options, keyPath, statement: s });
  },
};
