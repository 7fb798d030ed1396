import { type CborValue, decodeStrict, encode, Tagged } from "@tet/schemas";

/**
 * The attack of issue 23: the same signed bytes with one entry added to the COSE unprotected header,
 * which no signature covers (RFC 9052 §3). The signature still verifies; only the wire bytes differ.
 */
export function withUnprotectedEntry(bytes: Uint8Array, label = 99, value: CborValue = "x"): Uint8Array {
  const parts = (decodeStrict(bytes, { tags: [18] }) as Tagged).value as CborValue[];
  parts[1] = new Map<CborValue, CborValue>([[label, value]]);
  return encode(new Tagged(18, parts));
}
