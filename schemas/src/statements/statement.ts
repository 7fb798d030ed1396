import type { CborValue } from "../cbor/index.js";
import { encode } from "../cbor/index.js";
import { type Sign1Message, verifySign1 } from "../cose/index.js";
import type { Ed25519Signer, Ed25519Verifier } from "../crypto/index.js";
import { TetError } from "../errors.js";
import type { Infer } from "./codec.js";
import { AUTHORITY_VERSION, CHAINED_KINDS, STATEMENT_VERSION } from "./common.js";
import { parseEnvelope, signEnvelope } from "./envelope.js";
import { KINDS } from "./kinds.js";

export type StatementKind = keyof typeof KINDS;
export type StatementOf<K extends StatementKind> = Infer<(typeof KINDS)[K]>;
/** Any statement: a union discriminated on `t`. */
export type Statement = { [K in StatementKind]: StatementOf<K> }[StatementKind];
export type DeviceStatement = StatementOf<"state" | "usage" | "gap" | "command-result">;

export const STATEMENT_KINDS = Object.keys(KINDS) as StatementKind[];
const DEVICE_KINDS: ReadonlySet<string> = new Set(["state", "usage", "gap", "command-result"]);
/** Largest signed statement the system accepts, in bytes. */
export const MAX_STATEMENT_BYTES = 16 * 1024;

/** A statement of the object's authority chain after its genesis (transfer, key, relation, warranty). */
export type ChainedStatement = StatementOf<"transfer" | "key" | "relation" | "warranty">;
const CHAINED: ReadonlySet<string> = new Set(CHAINED_KINDS);

/** True for the kinds that form an object's authority chain after its genesis (version 2 names the one before in `prev`). */
export function isChainedStatement(s: Statement): s is ChainedStatement {
  return CHAINED.has(s.t);
}

/** True for the kinds that form a device's hash chain (they carry `seq` and `prev`). */
export function isDeviceStatement(s: Statement): s is DeviceStatement {
  return DEVICE_KINDS.has(s.t);
}

/**
 * Checks a decoded payload against its kind's schema and returns the typed statement. Refuses an
 * unknown version (STATEMENT_BAD_VERSION), an unknown kind (STATEMENT_UNKNOWN_KIND) and anything that
 * does not match (STATEMENT_INVALID, naming the field).
 */
export function validateStatement(payload: CborValue): Statement {
  return check(payload, false);
}

/** The same as `validateStatement` for the JSON form (bytes as hex, object ids as text, amounts as strings). */
export function statementFromJson(json: unknown): Statement {
  return check(json, true);
}

function check(payload: unknown, json: boolean): Statement {
  const get = (k: string) =>
    payload instanceof Map ? payload.get(k) : (payload as Record<string, unknown> | null)?.[k];
  if (payload === null || typeof payload !== "object")
    throw new TetError("STATEMENT_INVALID", "payload is not a map");
  const t = get("t");
  const v = get("v");
  const chainedKind = typeof t === "string" && (CHAINED_KINDS as readonly string[]).includes(t);
  const known = v === STATEMENT_VERSION || (chainedKind && v === AUTHORITY_VERSION);
  if (v === STATEMENT_VERSION && (typeof t !== "string" || !Object.hasOwn(KINDS, t)))
    throw new TetError("STATEMENT_UNKNOWN_KIND", JSON.stringify(String(t).slice(0, 32)));
  if (!known) throw new TetError("STATEMENT_BAD_VERSION", `v = ${String(v)}`);
  const codec = KINDS[t as StatementKind];
  return (json ? codec.fromJson(payload, t) : codec.decode(payload as CborValue, t)) as Statement;
}

/** The JSON form of a statement, as `tet inspect` prints it and `tet sign` reads it. */
export function statementToJson(s: Statement): Record<string, unknown> {
  return (KINDS[s.t] as { toJson(v: unknown): unknown }).toJson(s) as Record<string, unknown>;
}

/** The deterministic CBOR payload of a statement, after validating it. */
export function encodeStatement(s: Statement): Uint8Array {
  return encode(validateStatement(s as unknown as CborValue) as unknown as CborValue);
}

/**
 * Signs a statement: validates it, encodes the payload deterministically, and wraps it in a
 * COSE_Sign1 whose protected header holds alg EdDSA (-8) and kid = the signer's public key.
 */
export function signStatement(s: Statement, signer: Ed25519Signer): Uint8Array {
  return signEnvelope(encodeStatement(s), signer);
}

/** A statement as received: its exact bytes, the COSE envelope, the typed payload and the signer's key. */
export interface ParsedStatement {
  readonly bytes: Uint8Array;
  readonly sign1: Sign1Message;
  readonly statement: Statement;
  /** The 32-byte Ed25519 public key from the protected `kid`. */
  readonly signer: Uint8Array;
}

/**
 * Decodes a signed statement from untrusted bytes, strictly and in order: size limit, strict CBOR,
 * the COSE_Sign1 structure, the header profile (alg -8 and a 32-byte kid protected, nothing
 * unprotected), the payload's strict CBOR, then its schema. Does not check the signature: see `openStatement`. With `views`,
 * byte fields are views into `bytes` (see `DecodeOptions.views`).
 */
export function parseStatement(
  bytes: Uint8Array,
  options: { maxBytes?: number; views?: boolean } = {},
): ParsedStatement {
  const { sign1, signer, payload } = parseEnvelope(bytes, {
    maxBytes: options.maxBytes ?? MAX_STATEMENT_BYTES,
    views: options.views ?? false,
  });
  return { bytes, sign1, statement: validateStatement(payload), signer };
}

/** `parseStatement` and then the signature; throws COSE_BAD_SIGNATURE when it does not verify. */
export function openStatement(
  bytes: Uint8Array,
  options: { verifier: Ed25519Verifier; maxBytes?: number },
): ParsedStatement {
  const parsed = parseStatement(bytes, options);
  if (!verifySign1(parsed.sign1, { verifier: options.verifier })) throw new TetError("COSE_BAD_SIGNATURE");
  return parsed;
}
