import type { ReserveReport } from "../../economy/index.js";
import { renderReserve } from "./reserveView.js";

/** How often the page reads the chain again while it follows the latest block. */
const REFRESH_MS = 10_000;

/**
 * The proof-of-reserves page: reads `/v1/reserve` at the block the address names (`?block=N`, a fixed
 * view anyone can link to) or at the latest block, refreshed every ten seconds. `data-state` on the
 * body says whether the last read worked (tests wait for it).
 */
export async function reservePage(): Promise<void> {
  const pinned = new URLSearchParams(location.search).get("block");
  const at = document.getElementById("at") as HTMLElement;
  const load = async () => {
    const res = await fetch(`/v1/reserve?block=${encodeURIComponent(pinned ?? "latest")}`);
    if (!res.ok) {
      const p = (await res.json().catch(() => ({}))) as { title?: string; code?: string };
      at.textContent =
        res.status === 404 && !p.code?.startsWith("BLOCK")
          ? "This backend runs without a chain: there is no reserve to show."
          : `The chain could not be read: ${p.title ?? res.statusText}.`;
      document.body.dataset.state = "error";
      return;
    }
    renderReserve((await res.json()) as ReserveReport);
    document.body.dataset.state = "ok";
  };
  await load();
  if (pinned) return;
  setInterval(() => {
    if (document.visibilityState === "visible") void load();
  }, REFRESH_MS);
}
