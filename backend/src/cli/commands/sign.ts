import {
  AUTHORITY_VERSION,
  CHAINED_KINDS,
  STATEMENT_VERSION,
  signStatement,
  statementFromJson,
  TetError,
} from "@tet/schemas";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, readSigner, UsageError } from "../../commandLine/index.js";

/**
 * `tet sign --key FILE`: reads a statement as JSON on stdin and writes the signed COSE_Sign1 bytes on
 * stdout. `v` and `ts` may be left out: they default to the current version and the current time.
 */
export const sign: Command = {
  name: "sign",
  summary: "sign a statement given as JSON on stdin; COSE bytes on stdout",
  usage: "sign --key FILE < statement.json > statement.cose",
  async run(args, io) {
    const { options } = parseArgs(args, ["key"]);
    const keyPath = options.get("key");
    if (!keyPath) throw new UsageError("--key is required");
    const signer = await readSigner(keyPath);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(await io.readStdin()));
    } catch (cause) {
      throw new TetError("STATEMENT_INVALID", "standard input is not JSON", { cause });
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      throw new TetError("STATEMENT_INVALID", "the statement must be a JSON object");
    }
    // A chained kind given its `prev` is version 2 (AUTHORITY_VERSION); otherwise the version is 1.
    const t = (json as { t?: unknown }).t;
    const chained = (CHAINED_KINDS as readonly unknown[]).includes(t) && "prev" in json;
    const v = chained ? AUTHORITY_VERSION : STATEMENT_VERSION;
    const statement = statementFromJson({ v, ts: Date.now(), ...json });
    io.stdout(signStatement(statement, signer));
    return 0;
  },
};
