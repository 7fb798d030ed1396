import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { decodeKeyFile, type Ed25519Signer, encodeKeyFile, generatePrivateKey } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";

/** Reads an Ed25519 key file, or creates one (mode 0600) the first time: the log key survives restarts. */
export function loadOrCreateKey(path: string): Ed25519Signer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, encodeKeyFile(generatePrivateKey()), { mode: 0o600, flag: "wx" });
  }
  return nodeSigner(decodeKeyFile(readFileSync(path, "utf8")));
}

/** Reads a random token (the backend's own MQTT credential), or creates one (mode 0600) the first time. */
export function loadOrCreateToken(path: string): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${randomBytes(24).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  }
  return readFileSync(path, "utf8").trim();
}
