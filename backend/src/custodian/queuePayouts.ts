import { type ChainClients, type Deployment, reserveAbi } from "@tet/contracts";
import { zeroAddress } from "viem";
import type { FundInfo } from "./classifyEntry.js";
import type { CustodianStore } from "./custodianStore.js";
import type { JournalBody } from "./journalEntry.js";

const CHUNK = 2_000n;

/**
 * Turns the reserve's PayoutInstruction events of fiat funds, from the block after the stored cursor up
 * to `head`, into queued payouts: each redemption once (its id is the queue's key), with a
 * `payout.instructed` journal entry, in the same transaction as the cursor's move — so a crash
 * re-reads at most the blocks not yet committed, and a redemption read twice is queued once. A
 * crypto fund's redemption is paid by the reserve itself in its token: nothing to queue.
 */
export async function queuePayouts(args: {
  store: CustodianStore;
  clients: Pick<ChainClients, "public">;
  deployment: Pick<Deployment, "reserve" | "startBlock">;
  fundsById: ReadonlyMap<string, FundInfo>;
  head: bigint;
}): Promise<number> {
  const { store } = args;
  let queued = 0;
  let from = BigInt(store.cursor("payouts") ?? args.deployment.startBlock - 1) + 1n;
  while (from <= args.head) {
    const to = from + CHUNK - 1n < args.head ? from + CHUNK - 1n : args.head;
    const logs = await args.clients.public.getContractEvents({
      address: args.deployment.reserve,
      abi: reserveAbi,
      eventName: "PayoutInstruction",
      fromBlock: from,
      toBlock: to,
    });
    queued += await store.record(() => {
      const rows = logs.flatMap((l) => {
        const fund = args.fundsById.get((l.args.fund ?? "").toLowerCase());
        const id = Number(l.args.redemptionId);
        if (!fund || fund.token !== zeroAddress || store.payout(id)) return [];
        return [
          {
            redemptionId: id,
            holder: l.args.holder as string,
            fund: fund.id,
            currency: fund.currency,
            amount: String(l.args.payout),
            burned: String(l.args.burned),
            beneficiary: l.args.to as string,
            payoutRef: l.args.payoutRef as string,
            tx: l.transactionHash,
            block: Number(l.blockNumber),
          },
        ];
      });
      const insert = store.db.prepare(
        `INSERT INTO payouts (redemption_id, holder, fund, currency, amount, burned, beneficiary, payout_ref, tx, block, status)
         VALUES (@redemptionId, @holder, @fund, @currency, @amount, @burned, @beneficiary, @payoutRef, @tx, @block, 'queued')`,
      );
      return {
        entries: rows.map((r) => ({ kind: "payout.instructed", body: r satisfies JournalBody })),
        apply: () => {
          for (const r of rows) insert.run(r);
          store.db
            .prepare(
              "INSERT INTO cursor (name, block) VALUES ('payouts', ?) ON CONFLICT(name) DO UPDATE SET block = excluded.block",
            )
            .run(Number(to));
          return rows.length;
        },
      };
    });
    from = to + 1n;
  }
  return queued;
}
