import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { oneId } from "./apiClient.js";
import { objectIdArg } from "./objectIdArg.js";
import { type StatementFields, signAndPost } from "./ownerStatement.js";

const EVENTS = ["maintenance", "inspection", "repair", "install", "note"] as const;

/**
 * `tet event ID --event maintenance|inspection|repair|install|note --text T --key FILE [--evidence
 * I,J]`: the owner or a delegate the owner named (a technician) records what was done to the object,
 * citing evidence by log index (a document, a reading).
 */
export const eventCommand: Command = {
  name: "event",
  summary: "record maintenance, an inspection, a repair, an install or a note (owner or delegate)",
  usage: `event ID --event ${EVENTS.join("|")} --text T --key FILE [--evidence I,J] [--api URL]`,
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["event", "text", "key", "evidence", "api"]);
    const obj = objectIdArg(oneId(positional));
    const event = options.get("event");
    const text = options.get("text");
    const keyPath = options.get("key");
    if (!event || !(EVENTS as readonly string[]).includes(event))
      throw new UsageError(`--event is one of ${EVENTS.join(", ")}`);
    if (!text || !keyPath) throw new UsageError("--text and --key are required");
    const s: StatementFields = { t: "event", obj, event, text };
    const evidence = options.get("evidence");
    if (evidence !== undefined) {
      if (!/^\d+(,\d+)*$/.test(evidence))
        throw new UsageError("--evidence is a comma-separated list of log indices");
      s.evidence = evidence.split(",").map(Number);
    }
    return signAndPost(io, { options, keyPath, statement: s });
  },
};
