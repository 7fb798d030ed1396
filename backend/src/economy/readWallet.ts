import {
  type ChainClients,
  currencyName,
  type Deployment,
  readLot,
  readLotsOf,
  readReserve,
  tETTokenAbi,
} from "@tet/contracts";
import { type Address, erc20Abi, getAddress, type Hex, zeroAddress } from "viem";
import type { ChainLogs, EconomyLog } from "./chainLogs.js";

/** One entry of a holder's history, newest first; amounts in base units as decimal strings. */
export interface WalletEvent {
  kind: "payment" | "transfer" | "bought" | "redeemed";
  direction: "in" | "out";
  counterparty: string;
  /** What left (or arrived) and in which currency, what the other side got, the fee, the tx. */
  amount: string;
  currency: string;
  amountOut?: string;
  currencyOut?: string;
  fee: string;
  tx: string;
  block: string;
  timestamp: number;
}

/** A holder's wallet at one block: balance, the lots it is made of, funds to pay in or out, history. */
export interface WalletReport {
  address: string;
  block: { number: string; timestamp: number };
  balance: string;
  lots: { lot: string; amount: string; fund: string; rate: string; issuedAt: number }[];
  /** Every listed fund; an ERC-20 fund with the holder's token balance (it can be paid from). */
  funds: { currency: string; name: string; decimals: number; erc20: boolean; balance?: string }[];
  history: WalletEvent[];
}

const ZERO32 = `0x${"0".repeat(64)}`;
const name = (id: Hex) => (id === ZERO32 ? "TET" : currencyName(id));

/**
 * Reads a holder's wallet at the latest block: TET balance and lots (the token's `lotsOf`, each lot's
 * fund and rate), the funds it may pay from or into, and its history from the chain's events —
 * router payments (`Paid`: in, out, fee), direct transfers (with the fee withheld in the same
 * transaction), TET bought (`LotIssued`) and redeemed (`PayoutInstruction`).
 */
export async function readWallet(o: {
  clients: Pick<ChainClients, "public">;
  deployment: Deployment;
  logs: ChainLogs;
  address: Address;
  limit?: number;
}): Promise<WalletReport> {
  const { clients, deployment: d } = o;
  const me = getAddress(o.address);
  const head = await clients.public.getBlock();
  const at = { blockNumber: head.number };
  const [balance, held, reserve, logs] = await Promise.all([
    clients.public.readContract({
      address: d.token,
      abi: tETTokenAbi,
      functionName: "balanceOf",
      args: [me],
      ...at,
    }),
    readLotsOf(clients, d, me),
    readReserve(clients, d, at),
    o.logs.upTo(head.number),
  ]);
  const lots = await Promise.all(
    held.map(async (h) => {
      const l = await readLot(clients, d, h.lot);
      return {
        lot: h.lot.toString(),
        amount: h.amount.toString(),
        fund: name(l.fund),
        rate: l.rate.toString(),
        issuedAt: l.timestamp,
      };
    }),
  );
  const funds = await Promise.all(
    reserve.funds.map(async (f) => {
      const erc20 = f.token !== zeroAddress;
      const [symbol, bal] = erc20
        ? await Promise.all([
            clients.public
              .readContract({ address: f.token, abi: erc20Abi, functionName: "symbol", ...at })
              .catch(() => f.currency),
            clients.public.readContract({
              address: f.token,
              abi: erc20Abi,
              functionName: "balanceOf",
              args: [me],
              ...at,
            }),
          ])
        : [f.currency, undefined];
      return {
        currency: f.currency,
        name: symbol,
        decimals: f.decimals,
        erc20,
        ...(bal === undefined ? {} : { balance: bal.toString() }),
      };
    }),
  );
  return {
    address: me,
    block: { number: head.number.toString(), timestamp: Number(head.timestamp) },
    balance: balance.toString(),
    lots,
    funds,
    history: historyOf(logs, me, d).slice(0, o.limit ?? 100),
  };
}

/** The holder's events, newest first. */
function historyOf(logs: readonly EconomyLog[], me: Address, d: Deployment): WalletEvent[] {
  const protocol = new Set([d.router, d.settlement, d.reserve].map((a) => a.toLowerCase()));
  const paidTx = new Set(logs.filter((l) => l.eventName === "Paid").map((l) => l.transactionHash));
  const out: WalletEvent[] = [];
  const at = (l: EconomyLog) => ({
    tx: l.transactionHash,
    block: l.blockNumber.toString(),
    timestamp: l.timestamp,
  });
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  for (const l of logs) {
    if (l.eventName === "Paid" && (same(l.args.payer, me) || same(l.args.recipient, me))) {
      const outgoing = same(l.args.payer, me);
      out.push({
        kind: "payment",
        direction: outgoing ? "out" : "in",
        counterparty: outgoing ? l.args.recipient : l.args.payer,
        amount: l.args.amountIn.toString(),
        currency: name(l.args.fromFund),
        amountOut: l.args.amountOut.toString(),
        currencyOut: name(l.args.toFund),
        fee: l.args.fee.toString(),
        ...at(l),
      });
    } else if (l.eventName === "Transfer" && !paidTx.has(l.transactionHash)) {
      const { from, to, value } = l.args as { from: Address; to: Address; value: bigint };
      if (from === zeroAddress || to === zeroAddress || (!same(from, me) && !same(to, me))) continue;
      // The fee a transfer withholds is the sender's other, smaller Transfer of the same transaction
      // (⌈value / 1000⌉ to the infrastructure fund); that leg itself is not listed.
      const legs = logs.filter(
        (x): x is Extract<EconomyLog, { eventName: "Transfer" }> =>
          x.transactionHash === l.transactionHash && x.eventName === "Transfer" && x !== l,
      );
      const other = legs.find((x) => same(x.args.from, from) && !protocol.has(x.args.to.toLowerCase()));
      if (other && other.args.value >= value) continue;
      const fee = other?.args.value ?? 0n;
      out.push({
        kind: "transfer",
        direction: same(from, me) ? "out" : "in",
        counterparty: same(from, me) ? to : from,
        amount: value.toString(),
        currency: "TET",
        fee: fee.toString(),
        ...at(l),
      });
    } else if (l.eventName === "LotIssued" && same(l.args.buyer, me)) {
      out.push({
        kind: "bought",
        direction: "in",
        counterparty: d.reserve,
        amount: l.args.amount.toString(),
        currency: "TET",
        currencyOut: name(l.args.fund),
        fee: "0",
        ...at(l),
      });
    } else if (l.eventName === "PayoutInstruction" && same(l.args.holder, me)) {
      out.push({
        kind: "redeemed",
        direction: "out",
        counterparty: l.args.to,
        amount: l.args.burned.toString(),
        currency: "TET",
        amountOut: l.args.payout.toString(),
        currencyOut: name(l.args.fund),
        fee: "0",
        ...at(l),
      });
    }
  }
  return out.reverse();
}
