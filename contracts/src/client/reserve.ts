import {
  type Address,
  type Hex,
  maxUint256,
  parseEventLogs,
  type TransactionReceipt,
  zeroAddress,
} from "viem";
import { reserveAbi } from "../../generated/artifacts.js";
import { ChainError } from "../errors/index.js";
import { type ChainClients, transact } from "./ChainClients.js";
import { currencyId, currencyName } from "./currencyId.js";
import type { Deployment } from "./Deployment.js";

type Target = Pick<Deployment, "reserve">;

/** A fund as the reserve reports it; amounts in the currency's smallest units, values in TET wei. */
export interface FundView {
  id: Hex;
  currency: string;
  decimals: number;
  /** The ERC-20 the reserve holds for this fund, or the zero address for an attested (fiat) fund. */
  token: Address;
  amount: bigint;
  /** TET wei per whole currency unit. */
  rate: bigint;
  rateUpdatedAt: number;
  value: bigint;
  buffer: bigint;
  issued: bigint;
  /** FX-risk buffer share of a deposit (not charged while the fund is the peg). */
  bufferBps: number;
  mintCap: bigint;
  mintedInWindow: bigint;
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
  issuancePaused: boolean;
  /** A fund holding currency whose rate is stale (all zeros: none). */
  staleFund: Hex;
  funds: FundView[];
}

/**
 * Reads the reserve's totals and every fund (views anyone can call), at `blockNumber` when given, so
 * that every number comes from the same block (default: the latest).
 */
export async function readReserve(
  clients: Pick<ChainClients, "public">,
  d: Target,
  at: { blockNumber?: bigint } = {},
): Promise<ReserveView> {
  const read = { address: d.reserve, abi: reserveAbi, ...at } as const;
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
        token: f.token,
        amount: f.amount,
        rate: f.rate,
        rateUpdatedAt: Number(f.rateUpdatedAt),
        value: f.value,
        buffer: f.buffer,
        issued: f.issued,
        bufferBps: f.bufferBps,
        mintCap: f.mintCap,
        mintedInWindow: f.mintedInWindow,
      };
    }),
  );
  return { ...s, funds };
}

/**
 * Holder: burns `tet` (oldest lots first, or exactly the named pieces) and is paid out of `currency`:
 * tokens sent to `to` (default the holder) for an ERC-20 fund, a payout instruction for a fiat one,
 * identified by `payoutRef`. Refused below `minPayout`. Returns the payout (smallest units, rounded down).
 */
export async function redeem(
  clients: ChainClients,
  d: Target,
  args: {
    currency: string;
    tet: bigint;
    payoutRef: Hex;
    minPayout?: bigint;
    to?: Address;
    /** Burn exactly these pieces of lots (their sum is what is redeemed; `tet` is then ignored). */
    lots?: readonly { lot: bigint; amount: bigint }[];
  },
): Promise<{ redemptionId: bigint; payout: bigint; receipt: TransactionReceipt }> {
  const fund = currencyId(args.currency);
  const to = args.to ?? clients.wallet.account.address;
  const min = args.minPayout ?? 0n;
  const receipt = await transact(clients, "redeem", () =>
    args.lots
      ? clients.wallet.writeContract({
          address: d.reserve,
          abi: reserveAbi,
          functionName: "redeemLots",
          args: [fund, args.lots.map((l) => l.lot), args.lots.map((l) => l.amount), min, to, args.payoutRef],
        })
      : clients.wallet.writeContract({
          address: d.reserve,
          abi: reserveAbi,
          functionName: "redeem",
          args: [fund, args.tet, min, to, args.payoutRef],
        }),
  );
  const [ev] = parseEventLogs({ abi: reserveAbi, logs: receipt.logs, eventName: "PayoutInstruction" });
  if (!ev) throw new ChainError("TX_FAILED", "redeem: no PayoutInstruction event");
  return { redemptionId: ev.args.redemptionId, payout: ev.args.payout, receipt };
}

/**
 * Buys TET with an ERC-20 fund's token (approve the reserve first): `amount` moves into the reserve's
 * custody and at least `minOut` TET is issued to `buyer` (default the caller).
 */
export async function depositToken(
  clients: ChainClients,
  d: Target,
  args: { token: Address; amount: bigint; buyer?: Address; minOut?: bigint },
): Promise<{ lotId: bigint; minted: bigint; toBuffer: bigint; receipt: TransactionReceipt }> {
  const receipt = await transact(clients, "depositToken", () =>
    clients.wallet.writeContract({
      address: d.reserve,
      abi: reserveAbi,
      functionName: "depositToken",
      args: [
        currencyId(args.token),
        args.amount,
        args.buyer ?? clients.wallet.account.address,
        args.minOut ?? 0n,
      ],
    }),
  );
  const [ev] = parseEventLogs({ abi: reserveAbi, logs: receipt.logs, eventName: "Deposited" });
  if (!ev) throw new ChainError("TX_FAILED", "depositToken: no Deposited event");
  return { lotId: ev.args.lotId, minted: ev.args.minted, toBuffer: ev.args.toBuffer, receipt };
}

/**
 * Governance (the timelock, or the deployer under `keepGovernance`): lists a currency — an ISO code, or
 * an ERC-20's address for a fund held in custody — with its first quote, rate bounds, FX-risk buffer
 * (default 0) and mint cap per window (default unlimited).
 */
export async function listFund(
  clients: ChainClients,
  d: Target,
  args: {
    currency: string;
    decimals: number;
    quote: bigint;
    minRate: bigint;
    maxRate: bigint;
    bufferBps?: number;
    mintCap?: bigint;
  },
) {
  const erc20 = /^0x[0-9a-fA-F]{40}$/.test(args.currency) ? (args.currency as Address) : zeroAddress;
  return transact(clients, "listFund", () =>
    clients.wallet.writeContract({
      address: d.reserve,
      abi: reserveAbi,
      functionName: "listFund",
      args: [
        currencyId(args.currency),
        {
          decimals: args.decimals,
          quote: args.quote,
          minRate: args.minRate,
          maxRate: args.maxRate,
          token: erc20,
          bufferBps: args.bufferBps ?? 0,
          mintCap: args.mintCap ?? maxUint256,
        },
      ],
    }),
  );
}
