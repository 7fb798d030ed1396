import { type ParsedStatement, sigStructure } from "@tet/schemas";
import { sha256Hex } from "./sha256Hex.js";

/**
 * The idempotence key of a non-device statement: SHA-256 (hex) of its `Sig_structure` (RFC 9052
 * §4.4: the protected header bytes and the payload, exactly what the signer signed), not of the
 * wire bytes. Two encodings of one signed content — an unprotected header entry added, another
 * signature over the same bytes — are one statement: the second is a duplicate, never a new one.
 */
export function contentKey(p: ParsedStatement): string {
  return sha256Hex(sigStructure(p.sign1.protectedBytes, p.sign1.payload));
}
