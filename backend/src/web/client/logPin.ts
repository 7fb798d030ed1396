import { sha256, verifyConsistency } from "@tet/schemas";

/** A log as this browser last accepted it: its key, and the largest checkpoint it has seen. */
export interface PinnedLog {
  origin: string;
  did: string;
  size: number;
  /** The checkpoint's root, base16. */
  root: string;
}

/** Why the badge refuses a log it was shown before (stable codes, shown on the badge). */
export type PinRefusal = {
  code: "LOG_KEY_CHANGED" | "LOG_ROLLED_BACK" | "LOG_FORKED" | "LOG_BEHIND_ANCHOR" | "LOG_ANCHOR_MISMATCH";
  message: string;
};

/** Where the pin is kept: one per web origin (localStorage is), whatever the log calls itself. */
export const PIN_KEY = "tet.log.pin";

const fromHex = (h: string) =>
  new Uint8Array((h.replace(/^0x/, "").match(/../g) ?? []).map((b) => Number.parseInt(b, 16)));
const group = (h: string) => h.match(/.{4}/g)?.join(" ") ?? h;

/**
 * The log key's fingerprint for comparison out of band (on the printed label, with the operator):
 * the first 8 bytes of SHA-256 over the 32-byte Ed25519 public key, base16 in groups of four.
 */
export function logKeyFingerprint(publicKey: Uint8Array): string {
  const h = Array.from(sha256(publicKey).subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
  return group(h);
}

/**
 * Checks a verified checkpoint against what this browser has seen and against the chain (issue 23
 * item 7): the log key must be the one pinned on the first visit (trust on first use); the checkpoint
 * must not be smaller than the largest seen, and must extend it (an RFC 9162 §2.1.4 consistency
 * proof from the API); the checkpoint anchored on chain must not be newer than it, and it must
 * extend the anchored root. On success the pin moves to the new checkpoint; on a refusal it stays,
 * so the page stays red until the log is whole again.
 */
export async function checkPinnedLog(o: {
  storage: Pick<Storage, "getItem" | "setItem">;
  served: PinnedLog;
  /** The consistency proof between trees of `from` and `to` entries (`GET /v1/log/proof/consistency`). */
  consistency: (from: number, to: number) => Promise<Uint8Array[]>;
  anchor?: { size: number; root: string } | undefined;
}): Promise<PinRefusal | undefined> {
  const { served } = o;
  const raw = o.storage.getItem(PIN_KEY);
  const pin = raw === null ? undefined : (JSON.parse(raw) as PinnedLog);
  const extends_ = async (size: number, root: string) =>
    size === served.size
      ? root === served.root
      : verifyConsistency({
          size1: size,
          size2: served.size,
          root1: fromHex(root),
          root2: fromHex(served.root),
          proof: await o.consistency(size, served.size),
        });
  if (pin && (pin.did !== served.did || pin.origin !== served.origin))
    return {
      code: "LOG_KEY_CHANGED",
      message: `This page's log is signed by another key than on your first visit: ${served.origin} ${served.did}, was ${pin.origin} ${pin.did}. Compare the key's fingerprint with the operator's before trusting it.`,
    };
  if (pin && served.size < pin.size)
    return {
      code: "LOG_ROLLED_BACK",
      message: `The log went back: its checkpoint has ${served.size} entries, this browser has seen one of ${pin.size}. Statements may have been removed.`,
    };
  if (pin && pin.size > 0 && !(await extends_(pin.size, pin.root)))
    return {
      code: "LOG_FORKED",
      message: `The log's checkpoint of ${served.size} entries does not extend the one of ${pin.size} entries this browser has seen: its history was rewritten.`,
    };
  const a = o.anchor;
  if (a && a.size > served.size)
    return {
      code: "LOG_BEHIND_ANCHOR",
      message: `The log's checkpoint has ${served.size} entries, but one of ${a.size} entries is anchored on chain: the log went back.`,
    };
  if (a && a.size > 0 && !(await extends_(a.size, a.root.replace(/^0x/, ""))))
    return {
      code: "LOG_ANCHOR_MISMATCH",
      message: `The log's checkpoint of ${served.size} entries does not extend the one of ${a.size} entries anchored on chain.`,
    };
  o.storage.setItem(PIN_KEY, JSON.stringify(served));
  return undefined;
}
