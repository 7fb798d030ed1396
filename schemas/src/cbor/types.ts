/**
 * The data model the wire contract uses from CBOR (RFC 8949): unsigned and negative integers
 * (number when safe, bigint beyond), byte strings, text strings, arrays, maps, tags, false, true,
 * null and floats. Maps decode to `Map` so non-text keys (COSE headers use integers) survive; the
 * encoder also accepts plain objects with text keys.
 */
export type CborValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | Uint8Array
  | CborValue[]
  | Map<CborValue, CborValue>
  | Tagged
  | { [key: string]: CborValue | undefined };

/** A tagged item (RFC 8949 §3.4), e.g. COSE_Sign1 is tag 18. */
export class Tagged {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}
