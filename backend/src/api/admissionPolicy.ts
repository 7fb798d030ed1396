import { isDidKey, publicKeyFromDidKey } from "@tet/schemas";
import { BackendError } from "../errors/index.js";
import { API_ERROR_CODES } from "./apiError.js";

/**
 * Who may create avatars (`POST /v1/statements` with a genesis):
 * - `open`: anyone, within the open-admission limits (new avatars per client address per hour, and
 *   per rolling day from everyone) — the default, what `npm start` runs;
 * - `allow-list`: only the signers in `keys`;
 * - `invite`: the signers in `keys`, and owners holding an invitation signed by `operator` (the
 *   stated default for a server reachable by strangers).
 * In every mode a listed key, or an owner with a valid invitation, is admitted without the open limits.
 */
export interface AdmissionPolicy {
  mode: "open" | "allow-list" | "invite";
  /** did:keys admitted in every mode (a manufacturer's issuing key, the operator's own tools). */
  keys?: readonly string[];
  /** The did:key whose signed invitations admit new owners (required by `invite`). */
  operator?: string;
}

/** The admission modes, for the configuration. */
export const ADMISSION_MODES = ["open", "allow-list", "invite"] as const;

/** A policy checked and ready: the listed keys as a set, the operator's public key. */
export interface CheckedPolicy {
  mode: AdmissionPolicy["mode"];
  keys: ReadonlySet<string>;
  operator: Uint8Array | undefined;
}

/** A defect of a policy (`BackendError`, ADMISSION_POLICY_INVALID), naming its part. */
export class PolicyError extends BackendError<"ADMISSION_POLICY_INVALID"> {
  override readonly name = "PolicyError";
  constructor(
    readonly part: "keys" | "operator" | "mode",
    message: string,
  ) {
    super(API_ERROR_CODES, "ADMISSION_POLICY_INVALID", message, { message });
  }
}

/**
 * Checks a policy once (a listed key or the operator that is not a did:key, `invite` without an
 * operator, `allow-list` without keys) and returns it ready for requests; throws an Error naming
 * the defect (`PolicyError`), which the configuration turns into its one-line refusal.
 */
export function checkPolicy(policy: AdmissionPolicy): CheckedPolicy {
  const keys = new Set(policy.keys ?? []);
  for (const k of keys)
    if (!isDidKey(k))
      throw new PolicyError("keys", `${JSON.stringify(k.slice(0, 80))} is not an Ed25519 did:key`);
  if (policy.operator !== undefined && !isDidKey(policy.operator))
    throw new PolicyError(
      "operator",
      `${JSON.stringify(policy.operator.slice(0, 80))} is not an Ed25519 did:key`,
    );
  if (policy.mode === "invite" && policy.operator === undefined)
    throw new PolicyError("operator", "is required with admission = invite");
  if (policy.mode === "allow-list" && keys.size === 0)
    throw new PolicyError("keys", "is required with admission = allow-list");
  return {
    mode: policy.mode,
    keys,
    operator: policy.operator === undefined ? undefined : publicKeyFromDidKey(policy.operator),
  };
}

/** Splits a list of did:keys written with commas, spaces or newlines. */
export function parseKeyList(text: string): string[] {
  return text.split(/[\s,]+/).filter((k) => k !== "");
}
