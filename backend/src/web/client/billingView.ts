import type { Invoice, InvoiceLine, ProviderStatement, StatementRow } from "../../billing/index.js";
import { formatTet, unitLabel } from "./format.js";
import { date, esc, short, table } from "./passportView.js";

const $ = (id: string) => document.getElementById(id) as HTMLElement;

const getJson = async <T>(url: string): Promise<T | undefined> => {
  const res = await fetch(url);
  return res.ok ? ((await res.json()) as T) : undefined;
};

/** What the billing knows of a session's channel: the latest voucher received (vouchers are cumulative). */
interface SessionAccount {
  channel: string;
  payee: string;
  due: string;
  required: string;
  accepted: string;
  closed: boolean;
  stopped: boolean;
}

/** Pages of usage statements the page reads to find the open sessions (1,000 each). */
const MAX_USAGE_PAGES = 10;

/** The sessions whose usage has a start but no stop yet, from the object's usage statements. */
async function openSessions(id: string): Promise<string[]> {
  const open = new Set<string>();
  let after: number | undefined;
  for (let page = 0; page < MAX_USAGE_PAGES; page++) {
    const h = await getJson<{ items: { statement?: { session?: string; phase?: string } }[]; next?: number }>(
      `/v1/objects/${id}/history?kind=usage&limit=1000${after === undefined ? "" : `&after=${after}`}`,
    );
    for (const { statement: u } of h?.items ?? []) {
      if (!u?.session) continue;
      if (u.phase === "stop") open.delete(u.session);
      else if (u.phase === "start") open.add(u.session);
    }
    if (h?.next === undefined) break;
    after = h.next;
  }
  return [...open];
}

/** A quantity as the invoice states it (an exact decimal string), at most 3 decimals on the page. */
const quantity = (q: string, unit: string) => {
  const n = Number(q);
  return `${Number.isFinite(n) ? n.toLocaleString("en", { maximumFractionDigits: 3 }) : esc(q)} ${esc(unitLabel(unit))}`;
};

/** The signed statement at log index `i` of this object, as the history route serves it. */
const entry = (id: string, i: number, text: string) =>
  `<a href="/v1/objects/${esc(id)}/history?after=${i - 1}&amp;limit=1">${text}</a>`;

/** The session's invoice line: what was used, its usage statements and tariff in the log, the invoice. */
function sessionRow(id: string, l: InvoiceLine, acct: SessionAccount | undefined, settled?: StatementRow) {
  const q = `session=${encodeURIComponent(l.session)}`;
  const usage = l.usage.map((i) => entry(id, i, `#${i}`)).join(" ");
  return [
    `<b>${esc(l.session)}</b><br><span class="muted">${esc(date(l.from))} – ${esc(date(l.to))}</span>`,
    l.payer ? short(l.payer) : "—",
    `${quantity(l.quantity, l.unit)} × ${esc(formatTet(l.price))}<br><b>${esc(formatTet(l.amount))}</b>`,
    acct
      ? `${esc(formatTet(acct.accepted))}<br><span class="muted">on channel ${esc(acct.channel)}</span>`
      : "—",
    `<span class="status" data-status="${esc(settled ? "settled" : l.status)}">${settled ? "settled" : esc(l.status)}</span>`,
    `<a href="/v1/objects/${esc(id)}/invoice?${q}">invoice<span class="sr"> of ${esc(l.session)}</span></a><details><summary>${l.usage.length} usage statement${l.usage.length === 1 ? "" : "s"}</summary><p>${usage}</p><p>tariff ${entry(id, l.tariff, `#${l.tariff}`)}</p></details>`,
  ];
}

/**
 * The provider's view of a billed avatar: its sessions — open ones as they are metered and paid,
 * past ones with their invoice, the usage statements the invoice cites and the latest voucher
 * received — the settlements on chain (what was redeemed, the 0.1 % fee, what the provider got,
 * the transaction and block), and the provider statement as CSV. Hidden when the backend runs
 * without a chain (the billing routes answer 404) or the avatar has no tariff and no session.
 */
export async function renderBilling(id: string, hasTariffs: boolean): Promise<void> {
  const [invoice, statement, running] = await Promise.all([
    getJson<Invoice>(`/v1/objects/${id}/invoice?from=0`),
    getJson<ProviderStatement>(`/v1/objects/${id}/provider-statement`),
    openSessions(id),
  ]);
  const card = $("billing");
  // A period invoice bills closed sessions; each open one has its own invoice so far.
  const open = await Promise.all(
    running.map((s) => getJson<Invoice>(`/v1/objects/${id}/invoice?session=${encodeURIComponent(s)}`)),
  );
  const lines = [...(invoice?.lines ?? []), ...open.flatMap((i) => i?.lines ?? [])];
  const rows = statement?.rows ?? [];
  card.hidden = !hasTariffs && lines.length === 0 && rows.length === 0;
  const accounts = await Promise.all(
    lines.map((l) => getJson<SessionAccount>(`/v1/objects/${id}/sessions/${encodeURIComponent(l.session)}`)),
  );
  const settledOf = new Map(rows.map((r) => [r.session, r]));
  const head = ["session", "payer", "used × price", "voucher received", "status", "invoice"];
  const pick = (open: boolean) =>
    lines.flatMap((l, i) =>
      (l.status === "open" && !settledOf.has(l.session)) === open
        ? [sessionRow(id, l, accounts[i], settledOf.get(l.session))]
        : [],
    );
  const off = invoice ? undefined : "billing is off on this backend";
  $("sessions-open").innerHTML = table(head, pick(true), off ?? "no session open now");
  $("sessions").innerHTML = table(head, pick(false), off ?? "no past sessions");
  $("settlements").innerHTML = table(
    ["session", "settled", "paid to provider", "fee (0.1 %)", "transaction"],
    rows.map((r) => [
      esc(r.session),
      esc(date(Date.parse(r.settledAt))),
      `<b>${esc(formatTet(r.paid))}</b><br><span class="muted">of ${esc(formatTet(r.redeemed))} redeemed</span>`,
      esc(formatTet(r.fee)),
      `<span class="mono tx" data-tx="${esc(r.tx)}">${esc(r.tx)}</span><br><span class="muted">block ${esc(r.block)} · channel ${esc(r.channel)}</span>`,
    ]),
    "no settlements yet",
  );
  const total = statement?.totals;
  $("billing-total").textContent =
    total && total.sessions > 0
      ? `${total.sessions} settled session${total.sessions === 1 ? "" : "s"}: ${formatTet(total.paid)} paid to the provider on chain, ${formatTet(total.fee)} in fees.`
      : "";
  const csv = $("statement-csv") as HTMLAnchorElement;
  csv.hidden = !statement;
  csv.href = `/v1/objects/${id}/provider-statement?format=csv`;
}
