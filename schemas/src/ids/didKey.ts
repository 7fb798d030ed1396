import { base58 } from "@scure/base";
import { TetError } from "../errors.js";

// did:key for Ed25519: multibase base58btc ('z') over the multicodec varint 0xed 0x01 and the raw key.
const ED25519_PUB_MULTICODEC = Uint8Array.of(0xed, 0x01);
const PREFIX = "did:key:z";

/**
 * The `did:key` of an Ed25519 public key (W3C did:key method, multicodec 0xed01, base58btc), the
 * form in which principals — owners, issuers, providers, the log — are named in statements.
 *
 * @example didKeyFromPublicKey(pub) // "did:key:z6Mk…"
 */
export function didKeyFromPublicKey(publicKey: Uint8Array): string {
  if (publicKey.length !== 32)
    throw new TetError("KEY_INVALID", `Ed25519 public key is ${publicKey.length} bytes`);
  // Base58 is quadratic in the key's length and runs for every statement an owner or device signs
  // on a server's hot path: the last few thousand keys are remembered (a key's did:key never changes).
  let id = "";
  for (let i = 0; i < 32; i++) id += String.fromCharCode(publicKey[i]!);
  const known = recent.get(id);
  if (known !== undefined) return known;
  const bytes = new Uint8Array(34);
  bytes.set(ED25519_PUB_MULTICODEC);
  bytes.set(publicKey, 2);
  const did = PREFIX + base58.encode(bytes);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(id, did);
  return did;
}

const RECENT_MAX = 4096;
const recent = new Map<string, string>();

/** The 32-byte Ed25519 public key in a `did:key`; refuses other key types and malformed text. */
export function publicKeyFromDidKey(did: string): Uint8Array {
  if (!did.startsWith(PREFIX) || did.length > 64) throw new TetError("ID_INVALID", "not an Ed25519 did:key");
  let bytes: Uint8Array;
  try {
    bytes = base58.decode(did.slice(PREFIX.length));
  } catch (cause) {
    throw new TetError("ID_INVALID", "did:key is not base58btc", { cause });
  }
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) {
    throw new TetError("ID_INVALID", "did:key is not an Ed25519 key");
  }
  return bytes.slice(2);
}

/** True when `did` is a well-formed Ed25519 did:key. */
export function isDidKey(did: string): boolean {
  try {
    publicKeyFromDidKey(did);
    return true;
  } catch {
    return false;
  }
}
