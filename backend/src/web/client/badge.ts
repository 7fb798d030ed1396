import { nobleVerifier, publicKeyFromDidKey } from "@tet/schemas";
// biome-ignore lint/correctness/noPrivateImports: the browser bundle takes the pure bundle verifier alone — the API's index loads the server (node:http, node:crypto); the bundle folder belongs beside api/, not inside it.
import { verifyBundle } from "../../api/bundle/index.js";
import { statementsText } from "./passportView.js";

/**
 * Verifies the object's bundle in the browser with the same pure verifier `tet verify` runs (noble
 * Ed25519 and SHA-256): fetches `/v1/log/key` and `/v1/objects/{id}/bundle`, then turns the badge
 * green ("verified") or red with the defect's code.
 */
export async function verifyBadge(id: string, badge: HTMLElement, note: HTMLElement): Promise<void> {
  badge.className = "badge";
  badge.dataset.state = "pending";
  badge.textContent = "verifying…";
  try {
    const key = (await (await fetch("/v1/log/key")).json()) as { did: string };
    const res = await fetch(`/v1/objects/${id}/bundle`);
    if (!res.ok) throw new Error(`bundle: HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const r = await verifyBundle(bytes, { logKey: publicKeyFromDidKey(key.did), verifier: nobleVerifier });
    if (r.ok) {
      badge.className = "badge ok";
      badge.dataset.state = "ok";
      badge.textContent = `✓ verified · ${statementsText(r.statements)}`;
      note.textContent = `Verified in this browser: ${statementsText(r.statements)} and their signatures, the device chain (${statementsText(r.deviceSeq)}), ${r.statements + r.pruned} inclusion proofs, and the checkpoint of ${r.treeSize} entries signed by ${key.did}.`;
    } else {
      badge.className = "badge bad";
      badge.dataset.state = "bad";
      badge.dataset.code = r.code;
      badge.textContent = `✗ ${r.code}`;
      note.textContent = `${r.message}${r.index === undefined ? "" : ` (log index ${r.index})`}`;
    }
  } catch (e) {
    badge.className = "badge bad";
    badge.dataset.state = "bad";
    badge.dataset.code = "FETCH_FAILED";
    badge.textContent = "✗ FETCH_FAILED";
    note.textContent = String(e);
  }
}
