/**
 * Every refusal in the wire contract carries a stable code from this closed union, so that an agent,
 * the ingest, the HTTP API and `tet inspect` all name the same defect the same way. Codes are
 * grouped by layer: CBOR (decoding untrusted bytes), COSE (the signed envelope), STATEMENT (the
 * payload's schema), ID (identifiers and topics), KEY (key material), LOG (Merkle proofs and
 * checkpoints), SERVICE (service manifests and their resolution), LOCK (service locks), PLAN (network
 * plans and their schedules).
 */
export const ERROR_CODES = {
  CBOR_TOO_LARGE: "input is larger than the size limit",
  CBOR_TRUNCATED: "input ends inside an item",
  CBOR_TRAILING_BYTES: "bytes follow the top-level item",
  CBOR_INDEFINITE_LENGTH: "indefinite-length items are not allowed",
  CBOR_DUPLICATE_KEY: "a map has the same key twice",
  CBOR_UNSORTED_KEYS: "map keys are not in deterministic order",
  CBOR_NON_MINIMAL: "an integer or length is not in its shortest form",
  CBOR_TOO_DEEP: "nesting is deeper than the limit",
  CBOR_UNSUPPORTED: "a major type, simple value or tag that the contract does not use",
  CBOR_INVALID_UTF8: "a text string is not valid UTF-8",
  CBOR_UNENCODABLE: "a value that deterministic CBOR cannot represent",
  COSE_NOT_SIGN1: "not a COSE_Sign1 message (tag 18, four-element array)",
  COSE_BAD_HEADER: "a header is malformed or outside the statement profile",
  COSE_BAD_ALG: "the algorithm is not EdDSA (-8)",
  COSE_MISSING_KID: "the protected header has no key id",
  COSE_BAD_SIGNATURE_LENGTH: "an Ed25519 signature is 64 bytes",
  COSE_DETACHED_PAYLOAD: "the payload is detached (nil)",
  COSE_BAD_SIGNATURE: "the signature does not verify",
  STATEMENT_INVALID: "the payload does not match its statement kind",
  STATEMENT_UNKNOWN_KIND: "unknown statement kind",
  STATEMENT_BAD_VERSION: "unsupported statement version",
  ID_INVALID: "not a valid identifier",
  TOPIC_INVALID: "not a valid TET MQTT topic",
  KEY_INVALID: "key material is malformed",
  LOG_BAD_PROOF: "a Merkle proof does not verify",
  LOG_BAD_CHECKPOINT: "a checkpoint is malformed",
  LOG_BAD_CHECKPOINT_SIGNATURE: "a checkpoint signature does not verify",
  SERVICE_INVALID: "a service manifest is not usable here",
  SERVICE_DUPLICATE: "two manifests name the same service",
  SERVICE_MISSING: "no other service provides a required interface",
  SERVICE_CONFLICT: "no provider's version satisfies a required range",
  SERVICE_CYCLE: "services need or start after each other in a cycle",
  SERVICE_BREAKS_DEPENDENT: "the new version would break a service that depends on it",
  LOCK_INVALID: "a service lock is malformed",
  LOCK_MISMATCH: "a service lock does not hold for the manifests",
  PLAN_INVALID: "a plan's task or link is out of bounds",
  PLAN_DUPLICATE_TASK: "two tasks of a plan have the same id",
  PLAN_UNKNOWN_TASK: "a link names a task the plan does not have",
  PLAN_DUPLICATE_LINK: "a task links to the same predecessor twice",
  PLAN_CYCLE: "the plan's links form a cycle",
  PLAN_TOO_LARGE: "the signed plan is larger than a statement may be",
  PLAN_BAD_REVISION: "a plan revision does not follow the one before",
} as const;

export type TetErrorCode = keyof typeof ERROR_CODES;

/** The base of every error `@tet/schemas` throws: a stable `code`, a short message, and a `cause`. */
export class TetError extends Error {
  override readonly name = "TetError";
  readonly code: TetErrorCode;
  /** Where in the input the defect was found (byte offset or field path), when known. */
  readonly at: string | number | undefined;

  constructor(code: TetErrorCode, detail?: string, options?: { cause?: unknown; at?: string | number }) {
    super(detail ? `${ERROR_CODES[code]}: ${detail}` : ERROR_CODES[code], { cause: options?.cause });
    this.code = code;
    this.at = options?.at;
  }
}

/** True when `e` is a TetError, optionally with the given code. */
export function isTetError(e: unknown, code?: TetErrorCode): e is TetError {
  return e instanceof TetError && (code === undefined || e.code === code);
}
