/**
 * Every defect a bundle verifier can find, with a stable code (a closed union): `tet verify` prints
 * the code and exits 1, the web page's badge shows it. Codes are in the order checks run.
 */
export const BUNDLE_ERROR_CODES = {
  BUNDLE_MALFORMED: "the bundle is not a CBOR bundle map",
  BUNDLE_BAD_VERSION: "unsupported bundle version",
  BUNDLE_BAD_CHECKPOINT: "the checkpoint is malformed",
  BUNDLE_BAD_CHECKPOINT_SIGNATURE: "the checkpoint is not signed by the log key",
  BUNDLE_ORDER: "entries are not in strictly increasing log order",
  BUNDLE_BAD_STATEMENT: "a statement is malformed",
  BUNDLE_BAD_SIGNATURE: "a statement's signature does not verify",
  BUNDLE_BAD_PROOF: "an inclusion proof does not lead to the checkpoint's root",
  BUNDLE_NO_GENESIS: "the first entry is not the genesis of the bundle's object",
  BUNDLE_WRONG_OBJECT: "a statement is about another object",
  BUNDLE_CHAIN_GAP: "the device chain skips a sequence number",
  BUNDLE_CHAIN_FORK: "prev is not the SHA-256 of the previous device statement",
  BUNDLE_KEY_NOT_BOUND: "a device statement is signed by a key not bound to the object",
  BUNDLE_NOT_OWNER: "an owner statement is not signed by the owner of that moment",
  BUNDLE_AUTHORITY_UNLINKED: "an authority statement does not name the previous one (prev)",
} as const;

export type BundleErrorCode = keyof typeof BUNDLE_ERROR_CODES;

/** A defect: its code, a message, and the position (entry number in the bundle) where it was found. */
export interface BundleDefect {
  ok: false;
  code: BundleErrorCode;
  message: string;
  /** Entry number in the bundle (0-based), when the defect is in an entry. */
  entry?: number;
  /** Log index of that entry, when known. */
  index?: number;
}

/** Builds a defect value (a bad bundle is a value, not an exception). */
export function defect(
  code: BundleErrorCode,
  detail?: string,
  at?: { entry: number; index?: number },
): BundleDefect {
  const message = detail ? `${BUNDLE_ERROR_CODES[code]}: ${detail}` : BUNDLE_ERROR_CODES[code];
  return { ok: false, code, message, ...(at ?? {}) };
}
