import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { decodeKeyFile, type Ed25519Signer, encodeKeyFile, generatePrivateKey } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { StartupError } from "./startupError.js";

/**
 * Reads an Ed25519 key file, or creates one (mode 0600) the first time: the log key survives
 * restarts. A file that is not a key is a StartupError naming it (never a new key over it).
 */
export function loadOrCreateKey(path: string): Ed25519Signer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, encodeKeyFile(generatePrivateKey()), { mode: 0o600, flag: "wx" });
  }
  try {
    return nodeSigner(decodeKeyFile(readFileSync(path, "utf8")));
  } catch (e) {
    throw new StartupError(
      path,
      `is not an Ed25519 key file (${(e as Error).message}): restore it from a backup`,
      { cause: e },
    );
  }
}

/**
 * Reads a random token (the backend's own MQTT credential), or creates one (mode 0600) the first
 * time. An empty (or blank) file is refused with a StartupError: an empty password would let anyone
 * log in to the broker as the backend and read every topic.
 */
export function loadOrCreateToken(path: string): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${randomBytes(24).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  }
  const token = readFileSync(path, "utf8").trim();
  if (token === "")
    throw new StartupError(
      path,
      "is empty, and an empty secret lets anyone log in as the backend: delete the file (a new token is made at the next start) or write a token into it",
    );
  return token;
}
