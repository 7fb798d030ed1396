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

/**
 * The wallet page shell: the script (its own bundle, `/assets/wallet.js`) picks a signer — a browser
 * wallet (EIP-1193) when one is present, or a local development key on a development chain — and
 * fills balance, lots, the payment and redemption forms and the history from `/v1/wallet/*`.
 */
export function walletPage(): string {
  const options = (id: string) => `<select id="${id}" name="${id}"></select>`;
  return layout({
    title: "Wallet — TET Avatars",
    page: "wallet",
    script: "/assets/wallet.js",
    body: `<section class="card" aria-labelledby="title"><h1 id="title">Wallet</h1>
<p id="signer-note" class="muted" role="status">looking for a wallet…</p>
<label for="signer">Sign with</label> <select id="signer"></select>
<p>Account <span class="mono" id="account">—</span></p><p class="big" id="balance" data-wei="">—</p></section>
${card("holdings", "Lots in this balance", '<table class="stack" id="lot-rows" aria-label="Lots in this balance"></table>')}
${card(
  "pay",
  "Pay someone",
  `<form class="pay" id="pay-form"><label>Recipient address<input id="recipient" name="recipient" autocomplete="off" spellcheck="false" required></label>
<label>Amount<input id="amount" name="amount" inputmode="decimal" autocomplete="off" required></label>
<label>Pay from${options("from")}</label><label>Recipient is paid in${options("to")}</label>
<button type="submit" class="primary" id="quote">Quote</button></form>
<div id="plan" class="plan" hidden></div><button type="button" class="primary" id="sign" hidden>Sign and pay</button><p id="result" role="status"></p>`,
)}
${card(
  "redeem",
  "Redeem into a fund",
  `<form class="pay" id="redeem-form"><label>TET to redeem<input id="redeem-amount" name="redeem-amount" inputmode="decimal" autocomplete="off" required></label>
<label>Fund${options("redeem-fund")}</label><button type="submit" class="primary" id="redeem-quote">Quote</button></form>
<div id="redeem-plan" class="plan" hidden></div><button type="button" class="primary" id="redeem-sign" hidden>Sign and redeem</button><p id="redeem-result" role="status"></p>`,
)}
${card("payments", "History", '<table class="stack" id="history-rows" aria-label="History"></table>')}`,
  });
}
