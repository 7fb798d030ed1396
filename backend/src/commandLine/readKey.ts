import { readFile } from "node:fs/promises";
import { decodeKeyFile, type Ed25519Signer } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { UsageError } from "./dispatch.js";

/** Loads a PEM key file written by `tet keygen` and returns a signer for it. */
export async function readSigner(path: string): Promise<Ed25519Signer> {
  let pem: string;
  try {
    pem = await readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read key file ${path}: ${(e as Error).message}`);
  }
  return nodeSigner(decodeKeyFile(pem));
}
