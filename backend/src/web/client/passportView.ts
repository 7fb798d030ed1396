import type { Passport } from "../../api/passport.js";
import { addReadings, chartSvg, type Series } from "./chart.js";
import { safeHref } from "./safeHref.js";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const date = (ms: number) => new Date(ms).toLocaleString();
const $ = (id: string) => document.getElementById(id) as HTMLElement;
const rows = (head: string[], body: string[][], empty: string) =>
  body.length === 0
    ? `<tr><td class="muted">${empty}</td></tr>`
    : `<tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr>${body.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}`;

/** Fills the passport page's tables from the passport JSON. */
export function renderPassport(p: Passport): void {
  $("title").textContent = p.name ?? p.class;
  const ident: [string, string][] = [
    ["id", p.id],
    ["address", p.address],
    ["class", p.class],
  ];
  for (const k of ["model", "manufacturer", "serial", "maker"] as const)
    if (p[k]) ident.push([k, p[k] as string]);
  ident.push(
    ["owner", p.owner],
    ["created", date(p.created.ts)],
    ["statements", String(p.counts.statements)],
  );
  $("identity").innerHTML = ident
    .map(
      ([k, v]) =>
        `<dt>${k}</dt><dd class="${k === "id" || k === "address" || k === "owner" || k === "maker" ? "mono" : ""}">${esc(v)}</dd>`,
    )
    .join("");
  $("owners").innerHTML = rows(
    ["since", "owner"],
    p.owners.map((o) => [esc(date(o.since)), `<span class="mono">${esc(o.owner)}</span>`]),
    "no owners",
  );
  $("warranties").innerHTML = rows(
    ["warranty", "status", "until", "claims"],
    p.warranties.map((w) => [
      esc(w.id),
      `<b data-status="${esc(w.status)}">${esc(w.status)}</b>`,
      w.until ? esc(date(w.until)) : "—",
      w.claims.map((c) => c.status).join(", ") || "—",
    ]),
    "no warranties",
  );
  $("documents").innerHTML = rows(
    ["title", "type", ""],
    p.documents.map((d) => {
      const href = safeHref(d.uri); // a signed statement's URI is still the signer's text: no javascript:
      return [
        esc(d.title),
        esc(d.mediaType),
        href
          ? `<a href="${esc(href)}" rel="noopener noreferrer">open</a>`
          : `<span class="mono" data-unlinked>${esc(d.uri)}</span>`,
      ];
    }),
    "no documents",
  );
  $("events").innerHTML = rows(
    ["when", "event", "text"],
    p.events.map((e) => [esc(date(e.ts)), esc(e.event), esc(e.text)]),
    "no events",
  );
}

/** Live state: the latest readings and one chart per numeric reading. */
export class LiveState {
  readonly series = new Map<string, Series>();
  latest: { ts: number; readings: Record<string, { v: unknown; u?: string }> } | undefined;

  add(ts: number, readings: Record<string, { v: unknown; u?: string }>): void {
    addReadings(this.series, ts, readings);
    if (!this.latest || ts >= this.latest.ts) this.latest = { ts, readings };
  }

  render(): void {
    if (this.latest) {
      $("readings").innerHTML = Object.entries(this.latest.readings)
        .map(
          ([k, r]) =>
            `<div class="reading"><span class="muted">${esc(k)}</span><br><b>${esc(String(r.v))}</b> ${esc(r.u ?? "")}</div>`,
        )
        .join("");
    }
    $("chart").innerHTML = [...this.series.values()].slice(0, 4).map(chartSvg).join("");
  }
}
