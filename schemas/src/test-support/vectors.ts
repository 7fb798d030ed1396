import { readFileSync } from "node:fs";
import { fromHex } from "../hex.js";

/** The published test vectors (`../shared/vectors/` beside the project root; its README names each source). */
export const SHARED_VECTORS = new URL("../../../../shared/vectors/", import.meta.url);

const json = (path: string): unknown => JSON.parse(readFileSync(new URL(path, SHARED_VECTORS), "utf8"));

/** One Wycheproof Ed25519 verify case: `valid` cases must verify and every `invalid` one must not. */
export interface WycheproofEd25519Case {
  tcId: number;
  comment: string;
  result: "valid" | "invalid";
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

/**
 * The 151 cases of C2SP/wycheproof `ed25519_test.json` (malleability, non-canonical encodings,
 * truncation), each with its group's public key, bytes decoded from hex. Strict RFC 8032 verifiers
 * refuse every `invalid` one; ZIP-215 verifiers accept a few of them.
 */
export function wycheproofEd25519(): WycheproofEd25519Case[] {
  const file = json("wycheproof/ed25519_test.json") as {
    testGroups: {
      publicKey: { pk: string };
      tests: { tcId: number; comment: string; msg: string; sig: string; result: "valid" | "invalid" }[];
    }[];
  };
  return file.testGroups.flatMap((g) =>
    g.tests.map((t) => ({
      tcId: t.tcId,
      comment: t.comment,
      result: t.result,
      publicKey: fromHex(g.publicKey.pk),
      message: fromHex(t.msg),
      signature: fromHex(t.sig),
    })),
  );
}

/** One test of RFC 8032 §7.1 (Ed25519 TEST 1–3): a secret key, its public key, a message and its signature. */
export interface Rfc8032Case {
  name: string;
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

/** The RFC 8032 §7.1 Ed25519 tests, bytes decoded from hex. Ed25519 is deterministic: sign them byte for byte. */
export function rfc8032Ed25519(): Rfc8032Case[] {
  const file = json("ed25519/rfc8032.json") as {
    tests: { name: string; secretKey: string; publicKey: string; message: string; signature: string }[];
  };
  return file.tests.map((t) => ({
    name: t.name,
    secretKey: fromHex(t.secretKey),
    publicKey: fromHex(t.publicKey),
    message: fromHex(t.message),
    signature: fromHex(t.signature),
  }));
}
