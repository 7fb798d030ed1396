import { readFileSync } from "node:fs";
import type { FundInfo } from "./classifyEntry.js";
import { payoutRemittance } from "./classifyEntry.js";
import { CustodianError } from "./custodianError.js";
import type { CustodianStore, Payout } from "./custodianStore.js";
import { splitCsv } from "./parseCsvStatement.js";
import type { PayoutAdapter } from "./payoutAdapter.js";

/** Bank details by lowercase address. */
export type Beneficiaries = Map<string, { name: string; iban: string }>;

/** Reads a beneficiaries CSV (`address,name,iban`, a header row first). */
export function readBeneficiaries(file: string): Beneficiaries {
  const rows = splitCsv(readFileSync(file, "utf8").replace(/^\uFEFF/, ""), ",");
  const [header, ...lines] = rows;
  if (header?.fields.map((f) => f.trim().toLowerCase()).join(",") !== "address,name,iban")
    throw new CustodianError("CSV_HEADER", `${file}: the header must be address,name,iban`);
  return new Map(
    lines.map((l) => [
      (l.fields[0] ?? "").trim().toLowerCase(),
      { name: (l.fields[1] ?? "").trim(), iban: (l.fields[2] ?? "").replaceAll(" ", "") },
    ]),
  );
}

/** A smallest-units amount as a decimal in the currency (`12540`, 2 → `125.40`). */
export function toDecimal(units: string, decimals: number): string {
  if (decimals === 0) return units;
  const s = units.padStart(decimals + 1, "0");
  return `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

/**
 * Orders the queued payouts, oldest redemption first, at most `batch` per call: each is handed to the
 * adapter (idempotent by redemption id) and then marked ordered with a `payout.ordered` journal
 * entry. A crash between the two is harmless: the payout is still queued, and ordering it again
 * returns the order already written. A beneficiary without bank details (when a beneficiaries file
 * is configured) is held (NO_BENEFICIARY) and tried again each round.
 */
export async function processPayouts(args: {
  store: CustodianStore;
  adapter: PayoutAdapter;
  fundsById: ReadonlyMap<string, FundInfo>;
  beneficiaries?: Beneficiaries;
  batch: number;
  onRefusal?: (code: string, p: Payout, detail: string) => void;
}): Promise<number> {
  const { store } = args;
  const due = [...store.payouts("queued"), ...store.payouts("held")].sort(
    (a, b) => a.redemptionId - b.redemptionId,
  );
  let ordered = 0;
  for (const p of due.slice(0, args.batch)) {
    const bank = args.beneficiaries?.get(p.beneficiary.toLowerCase());
    if (args.beneficiaries && !bank) {
      args.onRefusal?.("NO_BENEFICIARY", p, `no bank details for ${p.beneficiary}`);
      if (p.status !== "held")
        await store.record(() => ({
          entries: [{ kind: "payout.held", body: { redemptionId: p.redemptionId, code: "NO_BENEFICIARY" } }],
          apply: () =>
            store.db
              .prepare("UPDATE payouts SET status = 'held', error = 'NO_BENEFICIARY' WHERE redemption_id = ?")
              .run(p.redemptionId),
        }));
      continue;
    }
    const decimals = args.fundsById.get(p.fund)?.decimals ?? 0;
    const order = {
      redemptionId: p.redemptionId,
      currency: p.currency,
      amount: toDecimal(p.amount, decimals),
      beneficiary: p.beneficiary,
      name: bank?.name ?? "",
      iban: bank?.iban ?? "",
      payoutRef: p.payoutRef,
      remittance: payoutRemittance(p.redemptionId),
      instructionTx: p.tx,
    };
    let orderRef: string;
    try {
      ({ orderRef } = await args.adapter.order(order));
    } catch (e) {
      throw new CustodianError("PAYOUT_FAILED", `payout ${p.redemptionId}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    await store.record(() => ({
      entries: [
        {
          kind: "payout.ordered",
          body: {
            redemptionId: p.redemptionId,
            orderRef,
            adapter: args.adapter.name,
            amount: order.amount,
            currency: p.currency,
          },
        },
      ],
      apply: () =>
        store.db
          .prepare(
            "UPDATE payouts SET status = 'ordered', order_ref = ?, error = NULL WHERE redemption_id = ?",
          )
          .run(orderRef, p.redemptionId),
    }));
    ordered++;
  }
  return ordered;
}
