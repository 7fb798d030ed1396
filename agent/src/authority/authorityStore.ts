import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { decodeStrict, encode } from "@tet/schemas/device";
import { AgentError } from "../errors.js";

const FILE = "authority.cbor";

/** Loads the authority chain the agent saved (a CBOR array of the statements' bytes), or []. */
export function loadAuthorityChain(dataDir: string): Uint8Array[] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(join(dataDir, FILE));
  } catch {
    return [];
  }
  try {
    const v = decodeStrict(bytes, { tags: [], maxBytes: 4 * 1024 * 1024 });
    if (!Array.isArray(v) || !v.every((x) => x instanceof Uint8Array))
      throw new Error("not an array of bytes");
    return v as Uint8Array[];
  } catch (cause) {
    throw new AgentError("AUTHORITY_INVALID", `${join(dataDir, FILE)} is unreadable`, { cause });
  }
}

/** Saves the chain atomically (write, fsync, rename), so a crash leaves the old or the new one. */
export function saveAuthorityChain(dataDir: string, chain: readonly Uint8Array[]): void {
  const tmp = join(dataDir, `${FILE}.tmp`);
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, encode([...chain]));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dataDir, FILE));
}
