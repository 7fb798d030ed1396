import { base64 } from "@scure/base";
import { TetError } from "../errors.js";

// RFC 8410 §7: an Ed25519 private key as PKCS #8 — this DER prefix followed by the 32-byte seed.
const PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const BEGIN = "-----BEGIN PRIVATE KEY-----";
const END = "-----END PRIVATE KEY-----";

/**
 * Writes an Ed25519 private key as a PEM PKCS #8 file (RFC 8410 §7, RFC 7468), the form OpenSSL and
 * most tools read (`openssl pkey -in key.pem -noout -text`). Agents, the `tet` command and the
 * backend all keep keys this way.
 */
export function encodeKeyFile(privateKey: Uint8Array): string {
  if (privateKey.length !== 32) throw new TetError("KEY_INVALID", "an Ed25519 private key is 32 bytes");
  const der = new Uint8Array(48);
  der.set(PKCS8_PREFIX);
  der.set(privateKey, 16);
  return `${BEGIN}\n${base64.encode(der)}\n${END}\n`;
}

/** Reads the 32-byte Ed25519 private key from a PEM PKCS #8 file; refuses any other key type. */
export function decodeKeyFile(pem: string): Uint8Array {
  const start = pem.indexOf(BEGIN);
  const end = pem.indexOf(END);
  if (start < 0 || end < start) throw new TetError("KEY_INVALID", "not a PEM private key file");
  let der: Uint8Array;
  try {
    der = base64.decode(pem.slice(start + BEGIN.length, end).replace(/\s+/g, ""));
  } catch (cause) {
    throw new TetError("KEY_INVALID", "the PEM body is not base64", { cause });
  }
  if (der.length !== 48 || PKCS8_PREFIX.some((b, i) => der[i] !== b)) {
    throw new TetError("KEY_INVALID", "not an Ed25519 PKCS #8 key");
  }
  return der.slice(16);
}
