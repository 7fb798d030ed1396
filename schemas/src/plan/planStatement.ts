import type { CborValue } from "../cbor/index.js";
import { decodeStrict, encode } from "../cbor/index.js";
import { type Sign1Message, verifySign1 } from "../cose/index.js";
import type { Ed25519Signer, Ed25519Verifier } from "../crypto/index.js";
import { sha256 } from "../crypto/index.js";
import { TetError } from "../errors.js";
import { MAX_STATEMENT_BYTES, parseEnvelope, STATEMENT_VERSION, signEnvelope } from "../statements/index.js";
import { budgetBytes } from "./planFields.js";
import { PLAN, type Plan } from "./planKind.js";

/** A plan statement as received: its exact bytes, the envelope, the typed plan and the signer's key. */
export interface ParsedPlan {
  readonly bytes: Uint8Array;
  readonly sign1: Sign1Message;
  readonly plan: Plan;
  readonly signer: Uint8Array;
}

/** The CBOR value of a plan: as typed, but budgets as their big-endian byte strings. */
function planToCbor(plan: Plan): CborValue {
  const tasks = plan.tasks.map((t) => (t.budget === undefined ? t : { ...t, budget: budgetBytes(t.budget) }));
  return { ...plan, tasks } as unknown as CborValue;
}

/**
 * The deterministic CBOR payload of a plan (RFC 8949 §4.2.1). It is decoded back and checked
 * against the schema before it is returned, so only a valid plan is ever encoded.
 */
export function encodePlan(plan: Plan): Uint8Array {
  const bytes = encode(planToCbor(plan));
  PLAN.decode(decodeStrict(bytes, { tags: [] }), "plan");
  return bytes;
}

/**
 * Signs a plan as a statement (COSE_Sign1, alg EdDSA, kid = the signer's key). Refuses with
 * PLAN_TOO_LARGE a plan whose signed bytes exceed the 16 KiB every statement must fit in.
 */
export function signPlan(plan: Plan, signer: Ed25519Signer): Uint8Array {
  const bytes = signEnvelope(encodePlan(plan), signer);
  if (bytes.length > MAX_STATEMENT_BYTES)
    throw new TetError("PLAN_TOO_LARGE", `${bytes.length} bytes, more than ${MAX_STATEMENT_BYTES}`);
  return bytes;
}

/**
 * Decodes a plan statement from untrusted bytes: the statement envelope (size limit first), then
 * version, kind and the plan's schema and graph. Does not check the signature: see `openPlan`.
 */
export function parsePlan(bytes: Uint8Array, options: { maxBytes?: number } = {}): ParsedPlan {
  const { sign1, signer, payload } = parseEnvelope(bytes, {
    maxBytes: options.maxBytes ?? MAX_STATEMENT_BYTES,
  });
  if (!(payload instanceof Map)) throw new TetError("STATEMENT_INVALID", "payload is not a map");
  const get = (k: string) => payload.get(k);
  if (get("v") !== STATEMENT_VERSION) throw new TetError("STATEMENT_BAD_VERSION", `v = ${String(get("v"))}`);
  if (get("t") !== "plan") throw new TetError("STATEMENT_UNKNOWN_KIND", "not a plan");
  return { bytes, sign1, plan: PLAN.decode(payload, "plan"), signer };
}

/** `parsePlan` and then the signature; throws COSE_BAD_SIGNATURE when it does not verify. */
export function openPlan(
  bytes: Uint8Array,
  options: { verifier: Ed25519Verifier; maxBytes?: number },
): ParsedPlan {
  const parsed = parsePlan(bytes, options);
  if (!verifySign1(parsed.sign1, { verifier: options.verifier })) throw new TetError("COSE_BAD_SIGNATURE");
  return parsed;
}

/** SHA-256 of a plan statement's signed bytes: what the next revision's `prev` cites. */
export function planHash(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}

/**
 * A project's id: the first 16 bytes of SHA-256 over its revision 1's signed bytes (the same
 * derivation as an object id from a genesis); later revisions carry it in `project`.
 */
export function projectId(parsed: { bytes: Uint8Array; plan: Plan }): Uint8Array {
  return parsed.plan.project ?? sha256(parsed.bytes).slice(0, 16);
}

/** A plan from its JSON form (budgets as decimal strings, ids and hashes as text), checked. */
export function planFromJson(json: unknown): Plan {
  return PLAN.fromJson(json, "plan");
}

/** The JSON form of a plan, as `tet plan` will read and print it. */
export function planToJson(plan: Plan): Record<string, unknown> {
  return PLAN.toJson(plan) as Record<string, unknown>;
}
