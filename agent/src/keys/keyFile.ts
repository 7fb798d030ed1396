import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { decodeKeyFile, didKeyFromPublicKey, type Ed25519Signer, encodeKeyFile } from "@tet/schemas/device";
import { nodeSigner } from "@tet/schemas/node";
import { AgentError } from "../errors.js";

/**
 * Creates a new Ed25519 device key as a PEM PKCS #8 file (RFC 8410 §7) readable only by its owner
 * (mode 0600), never overwriting an existing file, and returns its did:key.
 */
export function createKeyFile(path: string): { didKey: string; publicKey: Uint8Array } {
  const privateKey = new Uint8Array(randomBytes(32)); // RFC 8032 §5.1.5: the key is 32 random bytes
  try {
    writeFileSync(path, encodeKeyFile(privateKey), { mode: 0o600, flag: "wx" });
  } catch (cause) {
    const exists = (cause as NodeJS.ErrnoException).code === "EEXIST";
    throw new AgentError(exists ? "KEY_EXISTS" : "KEY_MISSING", path, { cause });
  }
  const { publicKey } = nodeSigner(privateKey);
  return { didKey: didKeyFromPublicKey(publicKey), publicKey };
}

/**
 * Loads the device key and returns a signer for it. Agents run on Node, so signing uses
 * node:crypto (OpenSSL): a fraction of the CPU of a pure-JS signer, which keeps idle CPU near zero.
 */
export function loadSigner(path: string): Ed25519Signer {
  let pem: string;
  try {
    pem = readFileSync(path, "utf8");
  } catch (cause) {
    throw new AgentError("KEY_MISSING", `${path}: ${(cause as Error).message}`, { cause });
  }
  return nodeSigner(decodeKeyFile(pem));
}
