import { base32nopad } from "@scure/base";
import { sha256 } from "../crypto/index.js";
import { TetError } from "../errors.js";

/** An object id is 16 bytes; its text form is 26 characters of lowercase RFC 4648 base32. */
export const OBJECT_ID_BYTES = 16;
export const OBJECT_ID_TEXT_LENGTH = 26;
const TEXT_FORM = /^[a-z2-7]{25}[aeimquy4]$/; // 128 bits leave the last character's low 2 bits zero

/**
 * The object id of an avatar: the first 16 bytes of SHA-256 over its genesis statement's bytes
 * (the whole COSE_Sign1 as signed). It never changes, whatever keys the device rotates to.
 */
export function objectIdFromGenesis(genesisBytes: Uint8Array): Uint8Array {
  return sha256(genesisBytes).slice(0, OBJECT_ID_BYTES);
}

/** The text form of an object id: lowercase base32 without padding (RFC 4648 §6), 26 characters. */
export function objectIdToText(id: Uint8Array): string {
  if (id.length !== OBJECT_ID_BYTES) throw new TetError("ID_INVALID", `object id is ${id.length} bytes`);
  return base32nopad.encode(id).toLowerCase();
}

/** Parses the text form of an object id; refuses anything but exactly its canonical form. */
export function objectIdFromText(text: string): Uint8Array {
  if (!isObjectIdText(text))
    throw new TetError("ID_INVALID", `not an object id: ${JSON.stringify(text.slice(0, 40))}`);
  return base32nopad.decode(text.toUpperCase());
}

/** True when `text` is the canonical text form of an object id. */
export function isObjectIdText(text: string): boolean {
  return text.length === OBJECT_ID_TEXT_LENGTH && TEXT_FORM.test(text);
}
