import type { Invoice, ProviderStatement } from "../../billing/index.js";
import { formatTet, unitLabel } from "./format.js";
import { date, esc, short, table } from "./passportView.js";

const $ = (id: string) => document.getElementById(id) as HTMLElement;

const getJson = async <T>(url: string): Promise<T | undefined> => {
  const res = await fetch(url);
  return res.ok ? ((await res.json()) as T) : undefined;
};

/** A quantity as the invoice states it (an exact decimal string), at most 3 decimals on the page. */
const quantity = (q: string, unit: string) => {
  const n = Number(q);
  return `${Number.isFinite(n) ? n.toLocaleString("en", { maximumFractionDigits: 3 }) : esc(q)} ${esc(unitLabel(unit))}`;
};

/**
 * The billing section of a billed avatar: its paid sessions (the period invoice over the whole
 * history: what was used, by whom, for how much, open or closed) and the settlements on chain (what
 * was redeemed, the 0.1 % fee, what the provider received, the transaction). Hidden when the backend
 * runs without a chain (the billing routes answer 404) or the avatar has no tariff and no session.
 */
export async function renderBilling(id: string, hasTariffs: boolean): Promise<void> {
  const [invoice, statement] = await Promise.all([
    getJson<Invoice>(`/v1/objects/${id}/invoice?from=0`),
    getJson<ProviderStatement>(`/v1/objects/${id}/provider-statement`),
  ]);
  const card = $("billing");
  const lines = invoice?.lines ?? [];
  const rows = statement?.rows ?? [];
  card.hidden = !hasTariffs && lines.length === 0 && rows.length === 0;
  $("sessions").innerHTML = table(
    ["session", "payer", "used", "amount", "status"],
    lines.map((l) => [
      `${esc(l.session)}<br><span class="muted">${esc(date(l.from))}</span>`,
      l.payer ? short(l.payer) : "—",
      quantity(l.quantity, l.unit),
      esc(formatTet(l.amount)),
      `<span class="status" data-status="${esc(l.status)}">${esc(l.status)}</span>`,
    ]),
    invoice ? "no sessions yet" : "billing is off on this backend",
  );
  $("settlements").innerHTML = table(
    ["session", "settled", "paid to provider", "fee (0.1 %)", "transaction"],
    rows.map((r) => [
      esc(r.session),
      esc(date(Date.parse(r.settledAt))),
      `<b>${esc(formatTet(r.paid))}</b>`,
      esc(formatTet(r.fee)),
      short(r.tx, 10),
    ]),
    "no settlements yet",
  );
  const total = statement?.totals;
  $("billing-total").textContent =
    total && total.sessions > 0
      ? `${total.sessions} settled session${total.sessions === 1 ? "" : "s"}: ${formatTet(total.paid)} paid to the provider on chain.`
      : "";
}
