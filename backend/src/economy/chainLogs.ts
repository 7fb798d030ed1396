import type { ChainClients, Deployment } from "@tet/contracts";
import { paymentRouterAbi, reserveAbi, tETTokenAbi } from "@tet/contracts";
import { type Log, parseEventLogs } from "viem";

/** The reserve's, the token's and the payment router's events, decoded. */
export type EconomyLog = ReturnType<typeof decode>[number] & { timestamp: number };

const decode = (logs: Log[]) => [
  ...parseEventLogs({ abi: reserveAbi, logs, strict: true }),
  ...parseEventLogs({ abi: tETTokenAbi, logs, strict: true }),
  ...parseEventLogs({ abi: paymentRouterAbi, logs, strict: true }),
];

/** Blocks per eth_getLogs request (public endpoints cap the range; Anvil does not). */
const SPAN = 5_000n;

/**
 * Every event of the reserve, the token and the payment router from the deployment's first block, read once and kept:
 * each call reads only the blocks after the highest one read so far, and answers for any block up to
 * it by filtering. Each log carries its block's timestamp (one `eth_getBlockByNumber` per block with
 * events). The chain is taken as final (Anvil; on a public chain, serve a confirmed block).
 */
export class ChainLogs {
  readonly #clients: Pick<ChainClients, "public">;
  readonly #d: Pick<Deployment, "reserve" | "token" | "router" | "startBlock">;
  #logs: EconomyLog[] = [];
  #scanned: bigint;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(
    clients: Pick<ChainClients, "public">,
    d: Pick<Deployment, "reserve" | "token" | "router" | "startBlock">,
  ) {
    this.#clients = clients;
    this.#d = d;
    this.#scanned = BigInt(d.startBlock) - 1n;
  }

  /** The events up to and including `block`, in chain order. */
  async upTo(block: bigint): Promise<EconomyLog[]> {
    const run = this.#busy.then(() => this.#scan(block));
    this.#busy = run.catch(() => undefined);
    await run;
    return this.#logs.filter((l) => l.blockNumber <= block);
  }

  async #scan(block: bigint): Promise<void> {
    while (this.#scanned < block) {
      const from = this.#scanned + 1n;
      const to = from + SPAN - 1n < block ? from + SPAN - 1n : block;
      const raw = await this.#clients.public.getLogs({
        address: [this.#d.reserve, this.#d.token, this.#d.router],
        fromBlock: from,
        toBlock: to,
      });
      const times = new Map<bigint, number>();
      for (const n of new Set(raw.map((l) => l.blockNumber as bigint)))
        times.set(n, Number((await this.#clients.public.getBlock({ blockNumber: n })).timestamp));
      const decoded = decode(raw as Log[]).sort(
        (a, b) => Number(a.blockNumber - b.blockNumber) || a.logIndex - b.logIndex,
      );
      for (const l of decoded) this.#logs.push({ ...l, timestamp: times.get(l.blockNumber) ?? 0 });
      this.#scanned = to;
    }
  }
}
