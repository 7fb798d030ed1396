import type { PaymentPlan, WalletReport } from "../../economy/index.js";
import { formatUnits } from "./economyFormat.js";
import { formatTet } from "./format.js";
import { date, esc, short, table } from "./passportView.js";

const $ = (id: string) => document.getElementById(id) as HTMLElement;

/** An amount of `currency` ("TET", an ISO code or a token address) as people read it. */
export function money(w: WalletReport, base: string, currency: string): string {
  if (currency === "TET") return formatTet(base);
  const f = w.funds.find((x) => x.currency.toLowerCase() === currency.toLowerCase());
  return `${formatUnits(base, f?.decimals ?? 0)} ${f?.name ?? currency}`;
}

/** Decimals of a currency the wallet knows (TET: 18). */
export const decimalsOf = (w: WalletReport, currency: string): number =>
  currency === "TET" ? 18 : (w.funds.find((f) => f.currency === currency)?.decimals ?? 0);

const KIND: Record<string, string> = {
  payment: "payment",
  transfer: "transfer",
  bought: "bought TET",
  redeemed: "redeemed",
};

/** Balance, lots, the currency choices and the history. */
export function renderWallet(w: WalletReport): void {
  const balance = $("balance");
  balance.textContent = formatTet(w.balance);
  balance.dataset.wei = w.balance;
  $("lot-rows").innerHTML = table(
    ["lot", "amount", "fund", "issued at"],
    w.lots.map((l) => [
      `#${esc(l.lot)}`,
      `<span data-wei="${esc(l.amount)}">${esc(formatTet(l.amount))}</span>`,
      esc(l.fund),
      l.rate === "0"
        ? "merged lot"
        : `${esc(formatTet(l.rate))} per ${esc(l.fund)}, ${esc(date(l.issuedAt * 1000))}`,
    ]),
    "no TET in this account",
  );
  const opt = (value: string, text: string) => `<option value="${esc(value)}">${esc(text)}</option>`;
  const keep = (id: string, html: string) => {
    const s = $(id) as HTMLSelectElement;
    const was = s.value;
    s.innerHTML = html;
    if (was && Array.from(s.options).some((o) => o.value === was)) s.value = was;
  };
  const erc20 = w.funds.filter((f) => f.erc20);
  keep(
    "from",
    opt("TET", `TET (${formatTet(w.balance)})`) +
      erc20.map((f) => opt(f.currency, `${f.name} (${money(w, f.balance ?? "0", f.currency)})`)).join(""),
  );
  keep(
    "to",
    opt("TET", "TET") + w.funds.map((f) => opt(f.currency, `${f.name} (redeemed for them)`)).join(""),
  );
  keep("redeem-fund", w.funds.map((f) => opt(f.currency, f.name)).join(""));
  $("history-rows").innerHTML = table(
    ["when", "what", "with", "amount", "fee", "transaction"],
    w.history.map((e) => [
      esc(date(e.timestamp * 1000)),
      `${esc(KIND[e.kind] ?? e.kind)} ${e.direction === "in" ? "in" : "out"}`,
      short(e.counterparty, 8),
      `${e.direction === "in" ? "+" : "−"}${esc(money(w, e.amount, e.currency))}${e.amountOut && e.currencyOut ? `<br><span class="muted">→ ${esc(money(w, e.amountOut, e.currencyOut))}</span>` : ""}`,
      `<span class="fee" data-wei="${esc(e.fee)}">${esc(formatTet(e.fee))}</span>`,
      `<span class="mono" data-tx="${esc(e.tx)}">${esc(e.tx)}</span>`,
    ]),
    "no payments yet",
  );
}

/** What the holder is about to sign, in words: amounts, the fee, the minimum and the deadline. */
export function renderPlan(
  el: HTMLElement,
  w: WalletReport,
  p: PaymentPlan,
  o: { amountIn: string; from: string; to: string; recipient: string },
): void {
  const q = p.quote;
  el.hidden = false;
  el.innerHTML = `<dl>
<dt>you pay</dt><dd data-k="amountIn">${esc(money(w, o.amountIn, o.from))}</dd>
${o.from === "TET" ? "" : `<dt>bought into TET</dt><dd>${esc(formatTet(q.tet))}${q.toBuffer === "0" ? "" : ` (${esc(formatTet(q.toBuffer))} to the fund's FX-risk buffer)`}</dd>`}
<dt>fee (0.1 %, to the infrastructure fund)</dt><dd data-k="fee" data-wei="${esc(q.fee)}">${esc(formatTet(q.fee))}</dd>
<dt>${short(o.recipient, 8)} receives now</dt><dd data-k="amountOut">${esc(money(w, q.amountOut, o.to))}</dd>
<dt>at least (minOut, ${q.slippageBps / 100} % below the quote)</dt><dd data-k="minOut">${esc(money(w, q.minOut, o.to))}</dd>
<dt>valid until</dt><dd>${esc(date(Number(p.deadline) * 1000))}</dd></dl>
<p class="muted">Signing gives the payment router a permit for exactly this amount and the order above; the backend submits both in one transaction, so you need no ether.</p>`;
}
