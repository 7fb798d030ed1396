import { type ChainClients, custodianBoardAbi, type Deployment, readReserve } from "@tet/contracts";
import type { FundInfo } from "./classifyEntry.js";

/** What one custodian round needs of the chain, read at its head. */
export interface CustodyState {
  funds: Map<string, FundInfo>;
  fundsById: Map<string, FundInfo>;
  /** The board's current custodian keys (lowercase) and how many must sign. */
  signers: Set<string>;
  threshold: number;
  head: bigint;
}

/** Reads the reserve's funds and the custodian board's set at the chain's head. */
export async function readCustodyState(
  clients: Pick<ChainClients, "public">,
  d: Pick<Deployment, "reserve" | "custodianBoard">,
): Promise<CustodyState> {
  const board = { address: d.custodianBoard, abi: custodianBoardAbi } as const;
  const [reserve, signers, threshold, head] = await Promise.all([
    readReserve(clients, d),
    clients.public.readContract({ ...board, functionName: "signers" }),
    clients.public.readContract({ ...board, functionName: "threshold" }),
    clients.public.getBlockNumber({ cacheTime: 0 }), // not a number cached from the last round
  ]);
  const funds = reserve.funds.map((f) => ({
    id: f.id.toLowerCase() as `0x${string}`,
    currency: f.currency,
    decimals: f.decimals,
    token: f.token,
  }));
  return {
    funds: new Map(funds.map((f) => [f.currency, f])),
    fundsById: new Map(funds.map((f) => [f.id, f])),
    signers: new Set(signers.map((s) => s.toLowerCase())),
    threshold: Number(threshold),
    head,
  };
}
