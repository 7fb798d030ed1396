import { layout } from "./layout.js";

/** A card with a heading the section is labelled by (axe: every region has a name). */
const card = (id: string, heading: string, body: string) =>
  `<section class="card" id="${id}" aria-labelledby="h-${id}"><h2 id="h-${id}">${heading}</h2>${body}</section>`;

/**
 * The proof-of-reserves page shell: the script fills it from `GET /v1/reserve` (read from the chain at
 * one block, named on the page) and refreshes it as blocks come.
 */
export function reservePage(): string {
  return layout({
    title: "Proof of reserves — TET Avatars",
    page: "reserve",
    body: `<section class="card" aria-labelledby="title"><h1 id="title">Proof of reserves</h1>
<p id="at" class="muted" role="status">reading the chain…</p><ul id="alerts" class="alerts"></ul></section>
${card("invariant", "The invariant, at this block", '<div id="equations"></div><h3>Check it yourself</h3><dl id="contracts"></dl><p class="muted" id="howto"></p>')}
${card("funds", "Funds", '<div id="fund-list" class="funds"></div>')}
${card("supply", "TET supply", '<dl id="totals"></dl>')}
${card("history", "Backing and circulating over time", '<div id="history-charts"></div><p class="muted">From the reserve\'s events (deposits, redemptions, rates, recapitalizations), one point per block with a change.</p>')}
${card("lots", "Lots issued", '<p class="muted" id="lot-count"></p><table class="stack" id="lot-table" aria-label="Lots issued"></table>')}
${card("signers", "Who signs", '<dl id="signer-list"></dl>')}`,
  });
}
