import type { PaymentPlan, RelayedPayment, WalletReport } from "../../economy/index.js";
import { parseUnits } from "./economyFormat.js";
import { formatTet } from "./format.js";
import { esc } from "./passportView.js";
import { browserSigner, DEV_KEYS, devSigner, type Eip1193, type WalletSigner } from "./walletSigner.js";
import { decimalsOf, money, renderPlan, renderWallet } from "./walletView.js";

declare global {
  interface Window {
    ethereum?: Eip1193;
  }
}

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const value = (id: string) => ($(id) as HTMLInputElement).value.trim();

async function problem(res: Response): Promise<string> {
  const p = (await res.json().catch(() => ({}))) as { title?: string; detail?: string };
  return [p.title, p.detail].filter(Boolean).join(": ") || res.statusText;
}

/**
 * The wallet page: the signers on offer (a browser wallet when `window.ethereum` is there; the
 * public development keys when the backend's chain is a local one), the chosen account's balance,
 * lots and history, and two forms — pay someone, redeem into a fund — each quoting first (fee and
 * minOut shown) and signing only when asked. `data-state` on the body says the wallet is loaded.
 */
async function walletPage(): Promise<void> {
  const res = await fetch("/v1/wallet");
  const info = res.ok ? ((await res.json()) as { development: boolean; chainId: number }) : undefined;
  const signers: (() => Promise<WalletSigner>)[] = [];
  const select = $("signer") as HTMLSelectElement;
  const options: string[] = [];
  if (window.ethereum) {
    const eth = window.ethereum;
    signers.push(() => browserSigner(eth));
    options.push("browser wallet (EIP-1193)");
  }
  if (info?.development)
    DEV_KEYS.forEach((k, i) => {
      signers.push(async () => devSigner(k, i + 1));
      options.push(`development key: Anvil account ${i + 1}`);
    });
  select.innerHTML = options.map((o, i) => `<option value="${i}">${esc(o)}</option>`).join("");
  const note = $("signer-note");
  if (!info) note.textContent = "This backend runs without a chain: there is no wallet to show.";
  else if (signers.length === 0)
    note.textContent = "No browser wallet found (EIP-1193), and this chain is not a development chain.";
  else
    note.textContent = `Chain ${info.chainId}. ${info.development ? "Development keys are public test keys: use them only here." : ""}`;
  let signer: WalletSigner | undefined;
  let wallet: WalletReport | undefined;
  const load = async () => {
    if (!signer) return;
    const res = await fetch(`/v1/wallet/${signer.address}`);
    if (!res.ok) {
      note.textContent = await problem(res);
      return;
    }
    wallet = (await res.json()) as WalletReport;
    $("account").textContent = signer.address;
    renderWallet(wallet);
    document.body.dataset.state = "ok";
  };
  const choose = async () => {
    const make = signers[Number(select.value)];
    if (!make) return;
    signer = await make().catch((e: Error) => {
      note.textContent = `The wallet refused: ${e.message}`;
      return undefined;
    });
    await load();
  };
  select.addEventListener("change", () => void choose());
  flow({ form: "pay-form", plan: "plan", sign: "sign", result: "result" }, () => ({
    recipient: value("recipient"),
    amount: value("amount"),
    from: ($("from") as HTMLSelectElement).value,
    to: ($("to") as HTMLSelectElement).value,
  }));
  flow({ form: "redeem-form", plan: "redeem-plan", sign: "redeem-sign", result: "redeem-result" }, () => ({
    recipient: signer?.address ?? "",
    amount: value("redeem-amount"),
    from: "TET",
    to: ($("redeem-fund") as HTMLSelectElement).value,
  }));

  /** One quote-then-sign form: quote on submit, sign and relay on the button, then reload. */
  function flow(
    ids: { form: string; plan: string; sign: string; result: string },
    read: () => { recipient: string; amount: string; from: string; to: string },
  ) {
    let pending: { plan: PaymentPlan; amountIn: string; to: string } | undefined;
    const sign = $(ids.sign) as HTMLButtonElement;
    const result = $(ids.result);
    $(ids.form).addEventListener("submit", (ev) => {
      ev.preventDefault();
      void (async () => {
        if (!signer || !wallet) return;
        const o = read();
        const base = parseUnits(o.amount, decimalsOf(wallet, o.from));
        if (base === undefined || base === 0n) {
          result.textContent = "The amount is not a positive number in that currency.";
          return;
        }
        const q = new URLSearchParams({
          recipient: o.recipient,
          amount: base.toString(),
          from: o.from,
          to: o.to,
        });
        const res = await fetch(`/v1/wallet/${signer.address}/payment-plan?${q}`);
        if (!res.ok) {
          result.textContent = `No quote: ${await problem(res)}`;
          return;
        }
        pending = { plan: (await res.json()) as PaymentPlan, amountIn: base.toString(), to: o.to };
        renderPlan($(ids.plan), wallet, pending.plan, { ...o, amountIn: base.toString() });
        result.textContent = "";
        sign.hidden = false;
      })();
    });
    sign.addEventListener("click", () => {
      void (async () => {
        if (!signer || !pending || !wallet) return;
        const { plan } = pending;
        sign.disabled = true;
        try {
          const permit = await signer.sign(plan.permit);
          const signature = await signer.sign(plan.order);
          const res = await fetch("/v1/wallet/payments", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              order: plan.order.message,
              signature,
              permit: { value: pending.amountIn, deadline: plan.deadline, signature: permit },
            }),
          });
          if (!res.ok) {
            result.textContent = `Refused: ${await problem(res)}`;
            return;
          }
          const r = (await res.json()) as RelayedPayment;
          result.innerHTML = `Paid in block ${esc(r.block)}: ${esc(money(wallet, r.amountOut, pending.to))} arrived, fee ${esc(formatTet(r.fee))}. Transaction <span class="mono" data-tx="${esc(r.tx)}">${esc(r.tx)}</span>`;
          result.dataset.tx = r.tx;
          sign.hidden = true;
          pending = undefined;
          await load();
        } catch (e) {
          result.textContent = `Not signed: ${(e as Error).message}`;
        } finally {
          sign.disabled = false;
        }
      })();
    });
  }
  await choose();
}

void walletPage();
