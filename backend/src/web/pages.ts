import type { ObjectSummary } from "../api/objectIndex.js";
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
 * warranties, live state, chart, verification badge) filled by the script from the API.
 */
export function passportPage(o: ObjectSummary): string {
  const title = o.name ?? `${o.class} ${o.id.slice(0, 8)}`;
  return layout({
    title: `${title} — TET Avatars`,
    page: "passport",
    data: { object: o.id },
    body: `<div class="card"><h1 id="title">${esc(title)}</h1>
<p><span class="badge" id="badge" data-state="pending">verifying…</span></p>
<dl id="identity"><dt>id</dt><dd class="mono">${esc(o.id)}</dd><dt>address</dt><dd class="mono">${esc(o.address)}</dd><dt>class</dt><dd>${esc(o.class)}</dd></dl></div>
<div class="card"><h2>Live state</h2><div class="readings" id="readings"><span class="muted">no state yet</span></div>
<div id="chart"></div></div>
<div class="card"><h2>Owners</h2><table id="owners"></table></div>
<div class="card"><h2>Warranties</h2><table id="warranties"></table></div>
<div class="card"><h2>Documents</h2><table id="documents"></table></div>
<div class="card"><h2>Events</h2><table id="events"></table></div>
<div class="card"><h2>Verification</h2><p id="verification" class="muted">The bundle of this object is checked in your browser: every signature, the device chain, every inclusion proof and the checkpoint's signature.</p></div>`,
  });
}
