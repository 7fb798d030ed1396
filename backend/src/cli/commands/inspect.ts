import { readFile } from "node:fs/promises";
import {
  didKeyFromPublicKey,
  objectIdFromGenesis,
  objectIdToText,
  openStatement,
  sha256,
  statementToJson,
} from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";

/**
 * `tet inspect FILE`: decodes a signed statement strictly, validates it, verifies its signature and
 * prints it as JSON with its signer and object id. Any defect exits 1 with its error code.
 */
export const inspect: Command = {
  name: "inspect",
  summary: "decode, validate and verify a signed statement; print it as JSON",
  usage: "inspect FILE   (- for standard input)",
  async run(args, io) {
    const { positional } = parseArgs(args, []);
    const [file] = positional;
    if (!file || positional.length > 1) throw new UsageError("one FILE is required");
    let bytes: Uint8Array;
    try {
      bytes = file === "-" ? await io.readStdin() : new Uint8Array(await readFile(file));
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const { statement, signer } = openStatement(bytes, { verifier: nodeVerifier });
    const objectId =
      statement.t === "genesis" ? objectIdFromGenesis(bytes) : "obj" in statement ? statement.obj : undefined;
    const summary = {
      kind: statement.t,
      objectId: objectId ? objectIdToText(objectId) : null,
      signer: didKeyFromPublicKey(signer),
      signature: "valid",
      sha256: Buffer.from(sha256(bytes)).toString("hex"),
      size: bytes.length,
      statement: statementToJson(statement),
    };
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  },
};
