import type { Passport } from "../../api/index.js";
import { formatTet } from "./format.js";
import { safeHref } from "./safeHref.js";

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
export const date = (ms: number): string =>
  new Date(ms).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
const $ = (id: string) => document.getElementById(id) as HTMLElement;
/** A did:key or hash, shortened for a table cell; the full text is its title (and copyable). */
export const short = (s: string, keep = 12): string =>
  s.length <= keep * 2 + 1
    ? `<span class="mono">${esc(s)}</span>`
    : `<span class="mono" title="${esc(s)}">${esc(s.slice(0, keep))}…${esc(s.slice(-6))}</span>`;

/**
 * A table with a header row, or one muted line when it has no rows. Each cell carries its column's
 * name in `data-label`, so that a `table.stack` becomes labelled blocks on a phone (the stylesheet's rules under 40rem): a
 * wide table never scrolls sideways or squeezes words into letters.
 */
export function table(head: string[], body: string[][], empty: string): string {
  if (body.length === 0) return `<tbody><tr><td class="muted">${esc(empty)}</td></tr></tbody>`;
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join("");
  const tr = (r: string[]) =>
    `<tr>${r.map((c, i) => `<td data-label="${esc(head[i] ?? "")}">${c}</td>`).join("")}</tr>`;
  return `<thead><tr>${th}</tr></thead><tbody>${body.map(tr).join("")}</tbody>`;
}

/** "33 statements": the one way the page counts history (identity line and badge alike). */
export const statementsText = (n: number): string =>
  `${n.toLocaleString("en")} statement${n === 1 ? "" : "s"}`;

/** Settlement records are `event` notes for billing's bookkeeping: the billing section shows them. */
const isSettlementNote = (e: Passport["events"][number]) =>
  e.event === "note" && e.text.startsWith("tet-settlement/");

/** Fills the passport page's identity, owners, warranties, documents and events from the passport JSON. */
export function renderPassport(p: Passport, statements: number): void {
  $("title").textContent = p.name ?? p.class;
  const ident: [string, string, boolean][] = [
    ["id", p.id, true],
    ["address", p.address, true],
    ["class", p.class, false],
  ];
  const described: [string, string | undefined, boolean][] = [
    ["model", p.model, false],
    ["manufacturer", p.manufacturer, false],
    ["serial", p.serial, false],
    ["maker", p.maker, true],
  ];
  for (const [k, v, mono] of described) if (v) ident.push([k, v, mono]);
  ident.push(["owner", p.owner, true], ["created", date(p.created.ts), false]);
  ident.push(["history", statementsText(statements), false]);
  $("identity").innerHTML = ident
    .map(
      ([k, v, mono]) =>
        `<dt>${esc(k)}</dt><dd${mono ? ' class="mono"' : ""}${k === "history" ? ' id="count"' : ""}>${esc(v)}</dd>`,
    )
    .join("");
  $("owners").innerHTML = table(
    ["since", "owner", "how"],
    p.owners.map((o, i) => [
      esc(date(o.since)),
      short(o.owner, 16),
      i === 0 ? "created the avatar" : "transfer",
    ]),
    "no owners",
  );
  $("warranties").innerHTML = table(
    ["warranty", "issuer", "status", "until", "claims"],
    p.warranties.map((w) => [
      `<b>${esc(w.id)}</b>${w.terms ? `<br><span class="muted">${esc(w.terms)}</span>` : ""}`,
      short(w.issuer),
      `<span class="status" data-status="${esc(w.status)}">${esc(w.status)}</span>`,
      w.until ? esc(date(w.until)) : "—",
      w.claims.length === 0
        ? "—"
        : w.claims
            .map(
              (c) =>
                `<span class="status" data-status="${esc(c.status)}">${esc(c.status)}</span> ${esc(date(c.ts))}${c.reason ? ` — ${esc(c.reason)}` : ""}`,
            )
            .join("<br>"),
    ]),
    "no warranties",
  );
  $("documents").innerHTML = table(
    ["document", "type", "SHA-256", ""],
    p.documents.map((d) => {
      const href = safeHref(d.uri); // a signed statement's URI is still the signer's text: no javascript:
      return [
        `${esc(d.title)}<br><span class="muted">${esc(date(d.ts))}${d.size === undefined ? "" : ` · ${(d.size / 1024).toFixed(1)} KiB`}</span>`,
        esc(d.mediaType),
        short(d.hash, 8),
        href
          ? `<a href="${esc(href)}" rel="noopener noreferrer">open<span class="sr"> ${esc(d.title)}</span></a>`
          : `<span class="mono" data-unlinked title="${esc(d.uri)}">${esc(d.uri.length > 40 ? `${d.uri.slice(0, 36)}…` : d.uri)}</span>`,
      ];
    }),
    "no documents",
  );
  const docs = new Map(p.documents.map((d) => [d.index, d.title]));
  $("events").innerHTML = table(
    ["when", "event", "what", "by"],
    p.events
      .filter((e) => !isSettlementNote(e))
      .map((e) => [
        esc(date(e.ts)),
        esc(e.event),
        `${esc(e.text)}${e.evidence.length ? `<br><span class="muted">evidence: ${e.evidence.map((i) => esc(docs.get(i) ?? `log entry ${i}`)).join(", ")}</span>` : ""}`,
        short(e.by),
      ]),
    "no events",
  );
  $("tariffs").innerHTML = table(
    ["unit", "price", "paid to", "from"],
    p.tariffs.map((t) => [
      esc(t.unit),
      `${esc(formatTet(t.price))} per ${esc(t.unit)}`,
      short(`0x${t.payout.replace(/^0x/, "")}`, 8),
      esc(date(t.from)),
    ]),
    "no tariffs",
  );
}
