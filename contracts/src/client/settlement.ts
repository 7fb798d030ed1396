import { type Address, parseEventLogs } from "viem";
import { settlementAbi, tETTokenAbi } from "../../generated/artifacts.js";
import { ChainError } from "../errors/index.js";
import { type ChainClients, transact } from "./ChainClients.js";
import type { Deployment } from "./Deployment.js";
import type { SignedVoucher } from "./voucher.js";

type Target = Pick<Deployment, "settlement" | "token">;

/** Payer: approves and escrows `amount` TET for `payee` until `expiry` (unix seconds). Returns the id. */
export async function openChannel(
  clients: ChainClients,
  d: Target,
  args: { payee: Address; amount: bigint; expiry: bigint },
): Promise<bigint> {
  await transact(clients, "approve", () =>
    clients.wallet.writeContract({
      address: d.token,
      abi: tETTokenAbi,
      functionName: "approve",
      args: [d.settlement, args.amount],
    }),
  );
  const receipt = await transact(clients, "open channel", () =>
    clients.wallet.writeContract({
      address: d.settlement,
      abi: settlementAbi,
      functionName: "open",
      args: [args.payee, args.amount, args.expiry],
    }),
  );
  const [ev] = parseEventLogs({ abi: settlementAbi, logs: receipt.logs, eventName: "ChannelOpened" });
  if (!ev) throw new ChainError("TX_FAILED", "open channel: no ChannelOpened event");
  return ev.args.channel;
}

/** Redeems one voucher (anyone may submit it; the payee is paid, the fee goes to the fund). */
export async function redeemVoucher(clients: ChainClients, d: Target, signed: SignedVoucher) {
  return transact(clients, "redeem voucher", () =>
    clients.wallet.writeContract({
      address: d.settlement,
      abi: settlementAbi,
      functionName: "redeem",
      args: [signed.voucher, signed.signature],
    }),
  );
}

/** Redeems several vouchers in one transaction (cheaper per voucher; one fee transfer). */
export async function redeemVouchers(clients: ChainClients, d: Target, signed: readonly SignedVoucher[]) {
  return transact(clients, "redeem vouchers", () =>
    clients.wallet.writeContract({
      address: d.settlement,
      abi: settlementAbi,
      functionName: "redeemMany",
      args: [signed.map((s) => s.voucher), signed.map((s) => s.signature)],
    }),
  );
}

/** Payer: takes back the unredeemed escrow after expiry plus the dispute window. */
export async function reclaimChannel(clients: ChainClients, d: Target, channel: bigint) {
  return transact(clients, "reclaim", () =>
    clients.wallet.writeContract({
      address: d.settlement,
      abi: settlementAbi,
      functionName: "reclaim",
      args: [channel],
    }),
  );
}

/** Reads a channel: payer, payee, deposit, redeemed so far, expiry. */
export async function readChannel(clients: Pick<ChainClients, "public">, d: Target, channel: bigint) {
  return clients.public.readContract({
    address: d.settlement,
    abi: settlementAbi,
    functionName: "channelOf",
    args: [channel],
  });
}

/**
 * The settlement fee of a redemption taking a channel from `redeemed` to `cumulative`: 0.1 % of the
 * cumulative totals rounded up, ⌈cumulative / 1000⌉ − ⌈redeemed / 1000⌉ (Settlement.feeFor).
 */
export function settlementFee(redeemed: bigint, cumulative: bigint): bigint {
  return ceil1000(cumulative) - ceil1000(redeemed);
}

const ceil1000 = (x: bigint) => (x + 999n) / 1000n;
