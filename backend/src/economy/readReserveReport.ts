import {
  type ChainClients,
  currencyName,
  custodianBoardAbi,
  type Deployment,
  rateOracleAbi,
  readReserve,
  reserveAbi,
} from "@tet/contracts";
import { type Address, erc20Abi, type Hex, zeroAddress } from "viem";
import type { ChainLogs, EconomyLog } from "./chainLogs.js";
import { type ReserveChange, reserveHistory } from "./reserveHistory.js";
import type { LotReport, ReserveReport } from "./reserveReport.js";

const LOCAL_CHAIN_ID = 31_337;
const ZERO32 = `0x${"0".repeat(64)}`;
const s = (n: bigint) => n.toString();

/**
 * Reads the proof of reserves at one block (`latest` or a number): every view of the reserve, both
 * signer sets, each ERC-20 fund's custody, all at that block, and the lots and history from the
 * events up to it. The numbers are the contract's own, so anyone can repeat each call at the block.
 */
export async function readReserveReport(o: {
  clients: Pick<ChainClients, "public">;
  deployment: Deployment;
  logs: ChainLogs;
  block: bigint | "latest";
  lotLimit?: number;
}): Promise<ReserveReport> {
  const { clients, deployment: d } = o;
  const head = await clients.public.getBlock(o.block === "latest" ? {} : { blockNumber: o.block });
  const at = { blockNumber: head.number };
  const view = <T>(address: Address, abi: unknown, functionName: string, args: unknown[] = []) =>
    clients.public.readContract({ address, abi, functionName, args, ...at } as never) as Promise<T>;
  const [r, maxRateAge, cs, ct, os, ot, logs] = await Promise.all([
    readReserve(clients, d, at),
    view<bigint>(d.reserve, reserveAbi, "maxRateAge"),
    view<Address[]>(d.custodianBoard, custodianBoardAbi, "signers"),
    view<bigint>(d.custodianBoard, custodianBoardAbi, "threshold"),
    view<Address[]>(d.rateOracle, rateOracleAbi, "signers"),
    view<bigint>(d.rateOracle, rateOracleAbi, "threshold"),
    o.logs.upTo(head.number),
  ]);
  const now = Number(head.timestamp);
  const funds = await Promise.all(
    r.funds.map(async (f) => {
      const erc20 = f.token !== zeroAddress;
      const [custody, symbol] = erc20
        ? await Promise.all([
            view<bigint>(d.reserve, reserveAbi, "custodyOf", [f.id]),
            view<string>(f.token, erc20Abi, "symbol").catch(() => f.currency),
          ])
        : [undefined, f.currency];
      const peg = f.id === r.pegFund;
      const rateAge = Math.max(0, now - f.rateUpdatedAt);
      return {
        id: f.id,
        currency: f.currency,
        name: symbol,
        decimals: f.decimals,
        kind: erc20 ? ("erc20" as const) : ("attested" as const),
        token: f.token,
        peg,
        amount: s(f.amount),
        rate: s(f.rate),
        rateUpdatedAt: f.rateUpdatedAt,
        rateAge,
        stale: !peg && f.amount > 0n && rateAge > Number(maxRateAge),
        value: s(f.value),
        buffer: s(f.buffer),
        issued: s(f.issued),
        bufferBps: f.bufferBps,
        ...(custody === undefined ? {} : { custody: s(custody) }),
      };
    }),
  );
  const names = new Map(funds.map((f) => [f.id, f.name]));
  return {
    chainId: d.chainId,
    block: { number: s(head.number), hash: head.hash, timestamp: now },
    contracts: {
      reserve: d.reserve,
      token: d.token,
      custodianBoard: d.custodianBoard,
      rateOracle: d.rateOracle,
      router: d.router,
      settlement: d.settlement,
    },
    development: d.chainId === LOCAL_CHAIN_ID,
    maxRateAge: Number(maxRateAge),
    pegFund: currencyName(r.pegFund),
    tetPerPeg: s(r.tetPerPeg),
    totals: {
      totalSupply: s(r.totalSupply),
      circulating: s(r.circulating),
      frozen: s(r.frozen),
      buffers: s(r.buffers),
      backing: s(r.backing),
      deficit: s(r.deficit),
      issued: s(r.issued),
      redeemed: s(r.redeemed),
      lotCount: s(r.lotCount),
    },
    issuancePaused: r.issuancePaused,
    staleFund: r.staleFund === ZERO32 ? null : currencyName(r.staleFund),
    funds,
    custodians: { signers: cs, threshold: Number(ct) },
    oracles: { signers: os, threshold: Number(ot) },
    lots: lotsOf(logs, names)
      .slice(-(o.lotLimit ?? 100))
      .reverse(),
    history: reserveHistory(changesOf(logs)).map((p) => ({
      block: s(p.block),
      timestamp: p.timestamp,
      backing: s(p.backing),
      circulating: s(p.circulating),
    })),
  };
}

/** Each LotIssued joined to the Deposited event of the same transaction: the lot's provenance. */
function lotsOf(logs: readonly EconomyLog[], names: Map<string, string>): LotReport[] {
  const deposits = new Map<string, Extract<EconomyLog, { eventName: "Deposited" }>>();
  for (const l of logs)
    if (l.eventName === "Deposited") deposits.set(`${l.transactionHash}:${l.args.lotId}`, l);
  const out: LotReport[] = [];
  for (const l of logs) {
    if (l.eventName !== "LotIssued") continue;
    const dep = deposits.get(`${l.transactionHash}:${l.args.lot}`);
    out.push({
      id: s(BigInt(l.args.lot)),
      fund: currencyName(l.args.fund),
      name: names.get(l.args.fund) ?? currencyName(l.args.fund),
      amount: s(l.args.amount),
      rate: s(l.args.rate),
      buyer: l.args.buyer,
      deposited: dep ? s(dep.args.amount) : "0",
      attestation: dep?.args.attestation ?? ZERO32,
      toBuffer: dep ? s(dep.args.toBuffer) : "0",
      firstSerial: s(l.args.firstSerial),
      block: s(l.blockNumber),
      tx: l.transactionHash,
      timestamp: l.timestamp,
    });
  }
  return out;
}

type Args = Record<string, bigint | number> & { fund: Hex };

/** Which reserve event is which change, and what of its arguments the history needs. */
const CHANGES: Record<string, (a: Args) => ReserveChange> = {
  FundListed: (a) => ({
    kind: "listed",
    fund: a.fund,
    decimals: Number(a.decimals),
    rate: BigInt(a.rate ?? 0),
  }),
  FundDelisted: (a) => ({ kind: "delisted", fund: a.fund }),
  RateUpdated: (a) => ({ kind: "rate", fund: a.fund, rate: BigInt(a.rate ?? 0) }),
  Deposited: (a) => ({
    kind: "deposit",
    fund: a.fund,
    amount: BigInt(a.amount ?? 0),
    minted: BigInt(a.minted ?? 0),
  }),
  Recapitalized: (a) => ({ kind: "recapitalized", fund: a.fund, amount: BigInt(a.amount ?? 0) }),
  PayoutInstruction: (a) => ({
    kind: "payout",
    fund: a.fund,
    payout: BigInt(a.payout ?? 0),
    burned: BigInt(a.burned ?? 0),
  }),
};

/** The reserve's events as the changes `reserveHistory` replays. */
function changesOf(logs: readonly EconomyLog[]) {
  const out: (ReserveChange & { block: bigint; timestamp: number })[] = [];
  for (const l of logs) {
    const change = CHANGES[l.eventName];
    if (change)
      out.push({ block: l.blockNumber, timestamp: l.timestamp, ...change(l.args as object as Args) });
  }
  return out;
}
