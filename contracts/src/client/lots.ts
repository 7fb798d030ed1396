import { type Address, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import { tETTokenAbi } from "../../generated/artifacts.js";
import { type ChainClients, transact } from "./ChainClients.js";
import type { Deployment } from "./Deployment.js";

type Target = Pick<Deployment, "token">;

/** One issuance (or a merge of same-fund pieces, `firstSerial` 0) as the token records it. */
export interface LotView {
  id: bigint;
  fund: Hex;
  /** TET wei per whole fund unit at issuance; 0 for a merge lot. */
  rate: bigint;
  /** TET wei issued; 0 for a merge lot (its pieces are in `LotMerged` events). */
  amount: bigint;
  /** Serials [firstSerial, firstSerial + amount) are this lot's smallest units; 0 for a merge lot. */
  firstSerial: bigint;
  timestamp: number;
  /** The buyer, or the account where the merge happened. */
  origin: Address;
}

/** An account's holdings, oldest first: which lots its balance is made of. */
export async function readLotsOf(
  clients: Pick<ChainClients, "public">,
  d: Target,
  account: Address,
): Promise<{ lot: bigint; amount: bigint }[]> {
  const [ids, amounts] = await clients.public.readContract({
    address: d.token,
    abi: tETTokenAbi,
    functionName: "lotsOf",
    args: [account],
  });
  return ids.map((id, i) => ({ lot: id, amount: amounts[i] ?? 0n }));
}

/** Reads one lot by id (ids start at 1). */
export async function readLot(
  clients: Pick<ChainClients, "public">,
  d: Target,
  id: bigint,
): Promise<LotView> {
  const l = await clients.public.readContract({
    address: d.token,
    abi: tETTokenAbi,
    functionName: "lot",
    args: [id],
  });
  return { id, ...l, timestamp: Number(l.timestamp) };
}

/**
 * Sends `amount` TET to `to` (oldest lots first). The token withholds the 0.1 % fee (⌈amount / 1000⌉)
 * from `amount` unless either side is a fee-exempt protocol contract; returns what was withheld and
 * what arrived, read from the receipt's Transfer events.
 */
export async function transferTet(
  clients: ChainClients,
  d: Target,
  args: { to: Address; amount: bigint; lots?: readonly { lot: bigint; amount: bigint }[] },
): Promise<{ fee: bigint; received: bigint; receipt: TransactionReceipt }> {
  const receipt = await transact(clients, "transfer", () =>
    args.lots
      ? clients.wallet.writeContract({
          address: d.token,
          abi: tETTokenAbi,
          functionName: "transferLots",
          args: [args.to, args.lots.map((l) => l.lot), args.lots.map((l) => l.amount)],
        })
      : clients.wallet.writeContract({
          address: d.token,
          abi: tETTokenAbi,
          functionName: "transfer",
          args: [args.to, args.amount],
        }),
  );
  const from = clients.wallet.account.address;
  const moves = parseEventLogs({ abi: tETTokenAbi, logs: receipt.logs, eventName: "Transfer" }).filter(
    (e) => e.args.from === from,
  );
  const received = moves.filter((e) => e.args.to === args.to).reduce((a, e) => a + e.args.value, 0n);
  const fee = moves.filter((e) => e.args.to !== args.to).reduce((a, e) => a + e.args.value, 0n);
  return { fee, received, receipt };
}
