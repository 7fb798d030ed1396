import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";

/**
 * Lowercase hex of bytes, for map keys, messages and JSON forms. The one hex encoder of the code
 * base: @noble/hashes' table-driven encoder (the native `Uint8Array.prototype.toHex` where the runtime
 * has it), with no Buffer, so it runs on devices and in browsers alike.
 *
 * @example hex(new Uint8Array([0xde, 0xad])) // "dead"
 */
export function hex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

/**
 * Bytes of a hex string (either case, no `0x`). Throws a RangeError on an odd length or a non-hex
 * digit, where Buffer.from(text, "hex") would silently stop at the first bad digit: it is for text
 * this code wrote or has already checked; untrusted JSON goes through a codec's `fromJson`, which
 * answers with the contract's error codes.
 */
export function fromHex(text: string): Uint8Array {
  return hexToBytes(text);
}
