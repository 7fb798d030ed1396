import { nobleVerifier, publicKeyFromDidKey } from "@tet/schemas";
// biome-ignore lint/correctness/noPrivateImports: the browser bundle takes the pure bundle verifier alone — the API's index loads the server (node:http, node:crypto); the bundle folder belongs beside api/, not inside it.
import { verifyBundle } from "../../api/bundle/index.js";
import type { Passport } from "../../api/index.js";
import { checkPinnedLog, logKeyFingerprint } from "./logPin.js";
import { statementsText } from "./passportView.js";

const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

function show(
  badge: HTMLElement,
  note: HTMLElement,
  r: { ok: true; text: string; note: string } | { ok: false; code: string; note: string },
): void {
  badge.className = r.ok ? "badge ok" : "badge bad";
  badge.dataset.state = r.ok ? "ok" : "bad";
  if (r.ok) delete badge.dataset.code;
  else badge.dataset.code = r.code;
  badge.textContent = r.ok ? r.text : `✗ ${r.code}`;
  note.textContent = r.note;
}

/**
 * Verifies the object's bundle in the browser with the same pure verifier `tet verify` runs (noble
 * Ed25519 and SHA-256), against the log key served with the page (`data-log-key`, also printed on it
 * with its fingerprint for comparison out of band), then checks that log against what this browser
 * has seen and the chain (`checkPinnedLog`): the key pinned on the first visit, no checkpoint older
 * than the largest seen or not extending it, none behind the checkpoint anchored on chain. Turns the
 * badge green ("verified") or red with the defect's code and the reason in words.
 */
export async function verifyBadge(
  id: string,
  badge: HTMLElement,
  note: HTMLElement,
  anchor?: Passport["anchor"],
): Promise<void> {
  badge.className = "badge";
  badge.dataset.state = "pending";
  badge.textContent = "verifying…";
  try {
    const { logKey: did = "", logOrigin: origin = "" } = document.body.dataset;
    const publicKey = publicKeyFromDidKey(did);
    const res = await fetch(`/v1/objects/${id}/bundle`);
    if (!res.ok) throw new Error(`bundle: HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const r = await verifyBundle(bytes, { logKey: publicKey, verifier: nobleVerifier, origin });
    if (!r.ok)
      return show(badge, note, {
        ok: false,
        code: r.code,
        note: `${r.message}${r.index === undefined ? "" : ` (log index ${r.index})`}`,
      });
    const refused = await checkPinnedLog({
      storage: localStorage,
      served: { origin, did, size: r.treeSize, root: r.root },
      consistency: async (from, to) => {
        const p = await fetch(`/v1/log/proof/consistency?from=${from}&to=${to}`);
        if (!p.ok) throw new Error(`consistency proof: HTTP ${p.status}`);
        return ((await p.json()) as { proof: string[] }).proof.map(unb64);
      },
      anchor,
    });
    if (refused) return show(badge, note, { ok: false, code: refused.code, note: refused.message });
    show(badge, note, {
      ok: true,
      text: `✓ verified · ${statementsText(r.statements)}`,
      note: `Verified in this browser: ${statementsText(r.statements)} and their signatures, the device chain (${statementsText(r.deviceSeq)}), ${r.statements + r.pruned} inclusion proofs, and the checkpoint of ${r.treeSize} entries signed by ${did} (fingerprint ${logKeyFingerprint(publicKey)}), consistent with every checkpoint this browser has seen${anchor ? ` and with the one of ${anchor.size} entries anchored on chain ${anchor.chainId} in transaction ${anchor.tx} (block ${anchor.block})` : ""}.`,
    });
  } catch (e) {
    show(badge, note, { ok: false, code: "FETCH_FAILED", note: String(e) });
  }
}
