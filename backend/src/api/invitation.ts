import { type Ed25519Signer, type Ed25519Verifier, isDidKey, openNote, signNote } from "@tet/schemas";
import { ApiError } from "./apiError.js";

/** An operator's invitation: `owner` may create avatars on the log `log` until `until` (ms). */
export interface Invitation {
  /** The invited owner's did:key: the only signer the invitation admits. */
  owner: string;
  /** The origin of the log it is for, so that it admits nowhere else the operator's key is trusted. */
  log: string;
  until: number;
}

/** The signed note's key name: invitations are C2SP signed notes by the operator's Ed25519 key. */
export const INVITATION_KEY_NAME = "tet-admission";
/** The request header that carries an invitation with a genesis (`POST /v1/statements`). */
export const INVITATION_HEADER = "tet-invitation";
const MAX_TOKEN = 2048;
const FIRST_LINE = "tet-invitation/1";

/**
 * Signs an invitation as a C2SP signed note (text `tet-invitation/1`, `log`, `owner`, `until` lines)
 * and returns it as one base64url line, the value of the `tet-invitation` header.
 *
 * @example
 * const token = signInvitation({ owner: did, log: "tet-avatars.local/log", until: Date.now() + 864e5 }, operator);
 */
export function signInvitation(inv: Invitation, signer: Ed25519Signer): string {
  if (!isDidKey(inv.owner)) throw new Error(`not a did:key: ${inv.owner}`);
  if (!Number.isSafeInteger(inv.until) || inv.until < 0)
    throw new Error("until: milliseconds since the epoch");
  const text = `${FIRST_LINE}\nlog ${inv.log}\nowner ${inv.owner}\nuntil ${inv.until}\n`;
  return Buffer.from(signNote(text, INVITATION_KEY_NAME, signer)).toString("base64url");
}

/**
 * Opens an invitation token and checks it against the operator's key, this log and the clock;
 * throws `INVITATION_INVALID` (403) naming what is wrong — a bad encoding or signature, another log,
 * or an expired one. Who it admits (`owner`) is for the caller to compare with the signer.
 */
export function openInvitation(
  token: string,
  opts: { operator: Uint8Array; log: string; now: number; verifier: Ed25519Verifier },
): Invitation {
  const invalid = (why: string, cause?: unknown): never => {
    throw new ApiError("INVITATION_INVALID", `invitation: ${why}`, cause ? { cause } : undefined);
  };
  if (token.length > MAX_TOKEN || !/^[A-Za-z0-9_-]+$/.test(token)) invalid("not one base64url line");
  let text = "";
  try {
    text = openNote(
      Buffer.from(token, "base64url").toString("utf8"),
      { name: INVITATION_KEY_NAME, publicKey: opts.operator },
      opts.verifier,
    );
  } catch (e) {
    invalid(`not signed by the operator (${(e as Error).message})`, e);
  }
  const m = /^tet-invitation\/1\nlog (\S+)\nowner (did:key:\S+)\nuntil (0|[1-9][0-9]{0,15})\n$/.exec(text);
  if (m === null) return invalid("not a tet-invitation/1 note");
  const [, log, owner, until] = m;
  if (log === undefined || owner === undefined || until === undefined)
    return invalid("not a tet-invitation/1 note");
  if (log !== opts.log) invalid(`for the log ${log}, not ${opts.log}`);
  if (Number(until) < opts.now) invalid(`expired at ${new Date(Number(until)).toISOString()}`);
  return { log, owner, until: Number(until) };
}
