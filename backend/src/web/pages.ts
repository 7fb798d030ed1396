import { didKeyFromPublicKey } from "@tet/schemas";
import type { ObjectSummary } from "../api/index.js";
import { logKeyFingerprint } from "./client/index.js";
import { esc, layout } from "./layout.js";

/** The object list with search; the script fills and filters it from `/v1/objects`. */
export function listPage(): string {
  return layout({
    title: "TET Avatars",
    page: "list",
    body: `<div class="card"><h1>Avatars</h1>
<input type="search" id="q" placeholder="Search by name, model, serial, class or id" aria-label="Search" autocomplete="off">
<p class="muted" id="count"></p><ul class="objects" id="objects"></ul></div>`,
  });
}

/**
 * The passport page shell for one avatar: identity from the server, the rest (owners, documents,
 * warranties, events, billing, live state, charts, verification badge) filled by the script from
 * the API. Every table and control has a heading or label (axe-core clean). The log's key comes
 * with the page (the badge pins it) and is printed with its fingerprint, to compare out of band.
 */
export function passportPage(o: ObjectSummary, log: { publicKey: Uint8Array; origin: string }): string {
  const did = didKeyFromPublicKey(log.publicKey);
  const title = o.name ?? `${o.class} ${o.id.slice(0, 8)}`;
  const card = (id: string, heading: string, body = `<table class="stack" id="${id}"></table>`) =>
    `<section class="card" aria-labelledby="h-${id}"><h2 id="h-${id}">${heading}</h2>${body}</section>`;
  const ranges = ["hour", "day", "week", "all"]
    .map((r) => `<button type="button" data-range="${r}" aria-pressed="${r === "hour"}">${r}</button>`)
    .join("");
  return layout({
    title: `${title} — TET Avatars`,
    page: "passport",
    data: { object: o.id, "log-key": did, "log-origin": log.origin },
    body: `<section class="card" aria-labelledby="title"><h1 id="title">${esc(title)}</h1>
<p><span class="badge" id="badge" data-state="pending" role="status">verifying…</span> <a class="label-link" href="/o/${esc(o.id)}/label.svg">printable label</a></p>
<dl id="identity"><dt>id</dt><dd class="mono">${esc(o.id)}</dd><dt>address</dt><dd class="mono">${esc(o.address)}</dd><dt>class</dt><dd>${esc(o.class)}</dd></dl></section>
${card(
  "state",
  "Live state",
  `<div class="readings" id="readings"><span class="muted">no state yet</span></div>
<p class="health" id="health"></p>
<div class="range" role="group" aria-label="Chart time range"><button type="button" id="earlier">‹ earlier</button>${ranges}<button type="button" id="later" disabled>later ›</button></div>
<div id="chart"></div>`,
)}
${card("owners", "Owners")}
${card("warranties", "Warranties")}
${card("documents", "Documents")}
${card("events", "Events")}
${card(
  "billing",
  "Billing in TET — the provider's view",
  `<h3>Tariffs</h3><table id="tariffs"></table><h3>Open sessions</h3><table class="stack" id="sessions-open" aria-label="Open sessions"></table><h3>Past sessions</h3><table class="stack" id="sessions" aria-label="Past sessions"></table><h3>Settlements on chain</h3><table class="stack" id="settlements" aria-label="Settlements on chain"></table><p id="billing-total" class="muted"></p><p><a id="statement-csv" href="#" download hidden>Provider statement (CSV)</a></p>`,
).replace('<section class="card"', '<section class="card" id="billing"')}
${card(
  "verification",
  "Verification",
  `<p id="verification" class="muted">The bundle of this object is checked in your browser: every signature, the device chain, every inclusion proof and the checkpoint's signature.</p>
<dl><dt>log</dt><dd class="mono">${esc(log.origin)}</dd><dt>log key</dt><dd class="mono" id="log-key">${esc(did)}</dd><dt>fingerprint</dt><dd class="mono" id="log-fingerprint">${esc(logKeyFingerprint(log.publicKey))}</dd></dl>
<p class="muted">This browser remembers the key and the largest checkpoint it has seen, and refuses a different key or an older checkpoint. Compare the fingerprint with the one the operator publishes.</p>`,
)}`,
  });
}
