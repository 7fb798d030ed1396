import { type Address, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import { reserveAbi } from "../artifacts.js";
import { ChainError } from "../errors/ChainError.js";
import { type ChainClients, transact } from "./ChainClients.js";
import { currencyId, currencyName } from "./currencyId.js";
import type { Deployment } from "./Deployment.js";

type Target = Pick<Deployment, "reserve">;

/** A fund as the reserve reports it; amounts in the currency's smallest units, values in TET wei. */
export interface FundView {
  id: Hex;
  currency: string;
  decimals: number;
  amount: bigint;
  /** TET wei per whole currency unit. */
  rate: bigint;
  rateUpdatedAt: number;
  value: bigint;
  buffer: bigint;
  issued: bigint;
}

/** Everything the invariants are about, read in one call per fund. */
export interface ReserveView {
  totalSupply: bigint;
  circulating: bigint;
  frozen: bigint;
  buffers: bigint;
  backing: bigint;
  deficit: bigint;
  issued: bigint;
  redeemed: bigint;
  lotCount: bigint;
  pegFund: Hex;
  tetPerPeg: bigint;
  funds: FundView[];
}

/** Reads the reserve's totals and every fund (views anyone can call). */
export async function readReserve(clients: Pick<ChainClients, "public">, d: Target): Promise<ReserveView> {
  const read = { address: d.reserve, abi: reserveAbi } as const;
  const [s, ids] = await Promise.all([
    clients.public.readContract({ ...read, functionName: "state" }),
    clients.public.readContract({ ...read, functionName: "fundIds" }),
  ]);
  const funds = await Promise.all(
    ids.map(async (id) => {
      const f = await clients.public.readContract({ ...read, functionName: "fundOf", args: [id] });
      return {
        id,
        currency: currencyName(id),
        decimals: f.decimals,
        amount: f.amount,
        rate: f.rate,
        rateUpdatedAt: Number(f.rateUpdatedAt),
        value: f.value,
        buffer: f.buffer,
        issued: f.issued,
      };
    }),
  );
  return { ...s, funds };
}

/** Oracle: posts `quote` (peg units per whole currency unit, 1e18-scaled) observed at `observedAt`. */
export async function setRate(
  clients: ChainClients,
  d: Target,
  args: { currency: string; quote: bigint; observedAt?: number },
) {
  const observedAt = BigInt(args.observedAt ?? Number((await clients.public.getBlock()).timestamp));
  return transact(clients, "setRate", () =>
    clients.wallet.writeContract({
      address: d.reserve,
      abi: reserveAbi,
      functionName: "setRate",
      args: [currencyId(args.currency), args.quote, observedAt],
    }),
  );
}

/**
 * Custodian: attests that the fund received `amount` (smallest units) from `buyer`, issuing TET to the
 * buyer. `attestation` is the custodian's unique reference of the incoming payment (reuse is refused).
 * Returns the new lot's id and the TET minted to the buyer.
 */
export async function deposit(
  clients: ChainClients,
  d: Target,
  args: { currency: string; amount: bigint; buyer: Address; attestation: Hex },
): Promise<{ lotId: bigint; minted: bigint; toBuffer: bigint; receipt: TransactionReceipt }> {
  const receipt = await transact(clients, "deposit", () =>
    clients.wallet.writeContract({
      address: d.reserve,
      abi: reserveAbi,
      functionName: "deposit",
      args: [currencyId(args.currency), args.amount, args.buyer, args.attestation],
    }),
  );
  const [ev] = parseEventLogs({ abi: reserveAbi, logs: receipt.logs, eventName: "Deposited" });
  if (!ev) throw new ChainError("TX_FAILED", "deposit: no Deposited event");
  return { lotId: ev.args.lotId, minted: ev.args.minted, toBuffer: ev.args.toBuffer, receipt };
}

/** Custodian: attests a top-up that issues nothing; it clears a deficit first, then fills the buffer. */
export async function recapitalize(
  clients: ChainClients,
  d: Target,
  args: { currency: string; amount: bigint; attestation: Hex },
) {
  return transact(clients, "recapitalize", () =>
    clients.wallet.writeContract({
      address: d.reserve,
      abi: reserveAbi,
      functionName: "recapitalize",
      args: [currencyId(args.currency), args.amount, args.attestation],
    }),
  );
}

/**
 * Holder: burns `tet` (oldest lots first, or the named pieces) and receives a payout instruction for `currency`; returns the payout (smallest
 * units, rounded down) that the custodian must send, identified by `payoutRef`.
 */
export async function redeem(
  clients: ChainClients,
  d: Target,
  args: {
    currency: string;
    tet: bigint;
    payoutRef: Hex;
    /** Burn exactly these pieces of lots (their sum is what is redeemed; `tet` is then ignored). */
    lots?: readonly { lot: bigint; amount: bigint }[];
  },
): Promise<{ redemptionId: bigint; payout: bigint; receipt: TransactionReceipt }> {
  const fund = currencyId(args.currency);
  const receipt = await transact(clients, "redeem", () =>
    args.lots
      ? clients.wallet.writeContract({
          address: d.reserve,
          abi: reserveAbi,
          functionName: "redeemLots",
          args: [fund, args.lots.map((l) => l.lot), args.lots.map((l) => l.amount), args.payoutRef],
        })
      : clients.wallet.writeContract({
          address: d.reserve,
          abi: reserveAbi,
          functionName: "redeem",
          args: [fund, args.tet, args.payoutRef],
        }),
  );
  const [ev] = parseEventLogs({ abi: reserveAbi, logs: receipt.logs, eventName: "PayoutInstruction" });
  if (!ev) throw new ChainError("TX_FAILED", "redeem: no PayoutInstruction event");
  return { redemptionId: ev.args.redemptionId, payout: ev.args.payout, receipt };
}

/** Governance role (normally the timelock): lists a currency with its first quote and rate bounds. */
export async function listFund(
  clients: ChainClients,
  d: Target,
  args: { currency: string; decimals: number; quote: bigint; minRate: bigint; maxRate: bigint },
) {
  return transact(clients, "listFund", () =>
    clients.wallet.writeContract({
      address: d.reserve,
      abi: reserveAbi,
      functionName: "listFund",
      args: [currencyId(args.currency), args.decimals, args.quote, args.minRate, args.maxRate],
    }),
  );
}
