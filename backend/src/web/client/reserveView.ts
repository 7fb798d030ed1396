import type { FundReport, ReserveReport } from "../../economy/index.js";
import { chartSvg } from "./chart.js";
import { duration, formatUnits } from "./economyFormat.js";
import { formatTet } from "./format.js";
import { date, esc, short, table } from "./passportView.js";
import { reserveAlerts } from "./reserveAlerts.js";

const $ = (id: string) => document.getElementById(id) as HTMLElement;

/** TET with its exact wei in `data-wei` (what the tests compare) and in the title. */
const tet = (wei: string, key?: string) =>
  `<span class="amount"${key ? ` data-k="${key}"` : ""} data-wei="${esc(wei)}" title="${esc(wei)} wei">${esc(formatTet(wei))}</span>`;
const dl = (rows: [string, string][]) => rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("");

/** A whole currency unit's price: "1 USD = 90 TET" (rate is TET wei per whole unit). */
const price = (f: FundReport) => `1 ${esc(f.name)} = ${formatTet(f.rate, 8)}`;

function fundCard(f: FundReport, r: ReserveReport): string {
  const held = `${formatUnits(f.amount, f.decimals)} ${esc(f.name)}`;
  const age = f.peg
    ? "the peg: its rate is fixed while it is the peg, no oracle needed"
    : `${f.stale ? '<b class="bad-text">stale</b> — ' : ""}observed ${esc(duration(f.rateAge))} before this block (${esc(date(f.rateUpdatedAt * 1000))}); fresh for ${esc(duration(r.maxRateAge))}`;
  const custody =
    f.kind === "erc20"
      ? `held by the reserve contract itself: <span data-k="custody" data-units="${esc(f.custody ?? "0")}">${formatUnits(f.custody ?? "0", f.decimals)}</span> ${esc(f.name)} (<span class="mono">${esc(f.token)}</span>.balanceOf(reserve)). A crypto fund needs no custodian: the chain is the custody, anyone can read it.`
      : `attested by the custodian board (${r.custodians.threshold} of ${r.custodians.signers.length} signatures per deposit); the bank account is held off chain`;
  return `<article class="fund${f.stale ? " stale" : ""}" data-fund="${esc(f.currency)}" aria-labelledby="fund-${esc(f.id)}">
<h3 id="fund-${esc(f.id)}">${esc(f.name)}${f.peg ? ' <span class="badge">peg</span>' : ""}${f.stale ? ' <span class="badge bad">stale rate</span>' : ""}</h3>
<dl>${dl([
    ["held", `<span data-k="amount" data-units="${esc(f.amount)}">${held}</span>`],
    ["rate", `<span data-k="rate" data-wei="${esc(f.rate)}">${price(f)}</span>`],
    ["rate age", age],
    ["value in the peg", tet(f.value, "value")],
    [
      "buffer",
      `${tet(f.buffer, "buffer")} <span class="muted">(FX-risk buffer ${f.bufferBps / 100} % of deposits${f.peg ? ", not charged on the peg" : ""})</span>`,
    ],
    ["issued against it", tet(f.issued, "issued")],
    ["custody", custody],
  ])}</dl></article>`;
}

/** The three equations of ReserveBase with this block's numbers, each checked here in exact integers. */
function equations(r: ReserveReport): string {
  const t = r.totals;
  const n = (k: keyof ReserveReport["totals"]) => BigInt(t[k]);
  const rows: [string, string, boolean][] = [
    [
      "total supply = circulating + frozen + Σ buffers",
      `${tet(t.totalSupply)} = ${tet(t.circulating)} + ${tet(t.frozen)} + ${tet(t.buffers)}`,
      n("totalSupply") === n("circulating") + n("frozen") + n("buffers"),
    ],
    [
      "circulating + Σ buffers = Σ fund values + deficit",
      `${tet(t.circulating)} + ${tet(t.buffers)} = ${tet(t.backing)} + ${tet(t.deficit)}`,
      n("circulating") + n("buffers") === n("backing") + n("deficit"),
    ],
    [
      "circulating ≤ Σ fund values (backing)",
      `${tet(t.circulating)} ≤ ${tet(t.backing)}`,
      n("circulating") <= n("backing"),
    ],
  ];
  const sum = r.funds.reduce((a, f) => a + BigInt(f.value), 0n);
  rows.push([
    "Σ fund values = backing",
    `${r.funds.map((f) => tet(f.value)).join(" + ")} = ${tet(t.backing)}`,
    sum === n("backing"),
  ]);
  return rows
    .map(
      ([law, nums, ok]) =>
        `<div class="equation" data-holds="${ok}"><p><b>${esc(law)}</b> <span class="badge ${ok ? "ok" : "bad"}">${ok ? "holds" : "does not hold"}</span></p><p class="nums">${nums}</p></div>`,
    )
    .join("");
}

/** Fills the reserve page from one report; `data-block` on the body names the block it shows. */
export function renderReserve(r: ReserveReport): void {
  document.body.dataset.block = r.block.number;
  $("at").innerHTML =
    `Read from chain ${r.chainId} at block <b id="block-number">${esc(r.block.number)}</b> (${esc(date(r.block.timestamp * 1000))}), hash <span class="mono">${esc(r.block.hash)}</span>.`;
  $("alerts").innerHTML = reserveAlerts(r)
    .map((a) => `<li class="alert ${a.level}" data-code="${a.code}">${esc(a.text)}</li>`)
    .join("");
  $("equations").innerHTML = equations(r);
  const c = r.contracts;
  $("contracts").innerHTML = dl(
    (
      [
        ["reserve", c.reserve],
        ["TET token", c.token],
        ["custodian board", c.custodianBoard],
        ["rate oracle", c.rateOracle],
        ["payment router", c.router],
        ["settlement", c.settlement],
      ] as const
    ).map(([k, v]) => [k, `<span class="mono">${esc(v)}</span>`]),
  );
  $("howto").textContent =
    `Every number on this page is a view of these contracts at block ${r.block.number}: reserve.state(), reserve.fundIds() and reserve.fundOf(id) for each, reserve.custodyOf(id) for a token fund — e.g. cast call ${c.reserve} "state()" --block ${r.block.number}. The lots and history come from the reserve's and the token's events up to that block.`;
  $("fund-list").innerHTML = r.funds.map((f) => fundCard(f, r)).join("");
  const t = r.totals;
  $("totals").innerHTML = dl([
    ["circulating", tet(t.circulating, "circulating")],
    ["frozen (unbacked, out of circulation)", tet(t.frozen, "frozen")],
    [
      "deficit",
      `${tet(t.deficit, "deficit")}${t.deficit === "0" ? "" : ' <span class="badge bad">deficit</span>'}`,
    ],
    ["Σ buffers", tet(t.buffers, "buffers")],
    ["backing (Σ fund values)", tet(t.backing, "backing")],
    ["total supply", tet(t.totalSupply, "totalSupply")],
    ["issued, all time", tet(t.issued, "issued")],
    ["redeemed, all time", tet(t.redeemed, "redeemed")],
    ["issuance", r.issuancePaused ? '<b class="bad-text">paused by the guardian</b>' : "open"],
    ["peg", `${esc(r.pegFund)}: 1 ${esc(r.pegFund)} = ${formatTet(r.tetPerPeg, 8)}`],
  ]);
  renderHistory(r);
  $("lot-count").textContent =
    `${t.lotCount} lot${t.lotCount === "1" ? "" : "s"} issued; the newest ${r.lots.length} shown. Each lot's serials follow its tokens through every transfer.`;
  $("lot-table").innerHTML = table(
    ["lot", "issued", "from", "provenance"],
    r.lots.map((l) => [
      `#${esc(l.id)}<br><span class="muted">${esc(date(l.timestamp * 1000))}</span>`,
      `${tet(l.amount)}<br><span class="muted">at ${formatTet(l.rate, 6)} per ${esc(l.name)}</span>`,
      `${formatUnits(l.deposited, r.funds.find((f) => f.currency === l.fund)?.decimals ?? 0)} ${esc(l.name)}<br>${short(l.buyer, 8)}`,
      `${/^0x0+$/.test(l.attestation) ? "token deposit" : `attestation ${short(l.attestation, 8)}`}<br>tx ${short(l.tx, 8)} · block ${esc(l.block)}`,
    ]),
    "no lots issued yet",
  );
  const signers = (s: { signers: string[]; threshold: number }) =>
    `${s.threshold} of ${s.signers.length}: ${s.signers.map((a) => short(a, 6)).join(", ")}`;
  $("signer-list").innerHTML = dl([
    ["custodians (attest fiat deposits)", signers(r.custodians)],
    ["rate oracles (median of signed quotes)", signers(r.oracles)],
  ]);
}

function renderHistory(r: ReserveReport): void {
  const el = $("history-charts");
  const width = el.clientWidth || 600;
  // The last values hold until the block shown: the line runs on to its time.
  const last = r.history.at(-1);
  const held = last && last.timestamp < r.block.timestamp ? [{ ...last, timestamp: r.block.timestamp }] : [];
  // A step line: each value holds until the next change (a straight segment would invent a gradual one).
  const pts = (k: "backing" | "circulating") =>
    [...r.history, ...held].flatMap((p, i, all) => {
      const v = (q: typeof p) => Number(BigInt(q[k]) / 10n ** 12n) / 1e6;
      const prev = all[i - 1];
      const at = p.timestamp * 1000;
      return prev
        ? [[at, v(prev)] as [number, number], [at, v(p)] as [number, number]]
        : [[at, v(p)] as [number, number]];
    });
  const range =
    r.history.length > 0
      ? { t0: (r.history[0]?.timestamp ?? 0) * 1000, t1: r.block.timestamp * 1000 }
      : undefined;
  el.innerHTML = (["backing", "circulating"] as const)
    .map((k) => chartSvg({ name: k, unit: "TET", points: pts(k) }, range, { width }))
    .join("");
}
