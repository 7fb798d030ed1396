import {
  anchorAbi,
  anchorCheckpoint,
  type ChainClients,
  type Deployment,
  latestCheckpoint,
} from "@tet/contracts";
import type { Hex } from "viem";
import type { Ledger } from "../ledger/index.js";

/** The last checkpoint anchored on chain, as the passport shows it. */
export interface AnchorRecord {
  origin: string;
  size: number;
  /** The checkpoint's root hash (0x-hex) and its signed note. */
  root: Hex;
  note: string;
  tx: Hex;
  block: string;
  chainId: number;
  anchor: string;
  at: number;
}

/** Configuration of the anchoring service. */
export interface AnchorServiceOptions {
  ledger: Ledger;
  /** A wallet holding the Anchor contract's ANCHORER_ROLE. */
  chain: ChainClients;
  deployment: Pick<Deployment, "anchor" | "chainId">;
  /** Anchor every this many ms (the N minutes); 0 = only when `anchorNow` is called. */
  everyMs: number;
  now?: () => number;
  log?: (line: string) => void;
  /** Called after each anchoring transaction is mined. */
  onAnchored?: (record: AnchorRecord) => void;
}

/**
 * Anchors the log's latest signed checkpoint (origin, tree size, root) on the Anchor contract every
 * `everyMs`, skipping a tick when the log has not grown since the last anchor, so an idle log costs
 * no gas. The contract refuses a shrinking size and a different root at an anchored size
 * (`CheckpointConflict`), so a forked log cannot be anchored twice.
 */
export class AnchorService {
  readonly #o: AnchorServiceOptions;
  #timer: NodeJS.Timeout | undefined;
  #last: AnchorRecord | undefined;
  #running: Promise<AnchorRecord | undefined> = Promise.resolve(undefined);

  constructor(o: AnchorServiceOptions) {
    this.#o = o;
  }

  /** The last anchor this service made, if any. */
  get last(): AnchorRecord | undefined {
    return this.#last;
  }

  /**
   * Recovers the last anchor of this log's origin from the chain (after a restart): the contract's
   * `latest(origin)` and the `Anchored` event in its block for the transaction hash. The signed
   * note is only known if the ledger still has that checkpoint as its latest.
   */
  async load(): Promise<AnchorRecord | undefined> {
    const { ledger, chain, deployment: d } = this.#o;
    const origin = ledger.log.origin;
    const c = await latestCheckpoint(chain, d, origin);
    if (!c) return undefined;
    const logs = await chain.public.getContractEvents({
      address: d.anchor,
      abi: anchorAbi,
      eventName: "Anchored",
      fromBlock: c.blockNumber,
      toBlock: c.blockNumber,
    });
    const ev = logs.find((l) => l.args.origin === origin && l.args.size === c.size);
    const cp = ledger.log.latestCheckpoint;
    this.#last = {
      origin,
      size: Number(c.size),
      root: c.root,
      note: cp && cp.size === Number(c.size) ? cp.note : "",
      tx: ev?.transactionHash ?? "0x",
      block: c.blockNumber.toString(),
      chainId: d.chainId,
      anchor: d.anchor,
      at: c.timestamp * 1000,
    };
    return this.#last;
  }

  /** Starts the periodic anchoring (a no-op with everyMs = 0). */
  start(): this {
    if (this.#o.everyMs > 0)
      this.#timer = setInterval(() => {
        this.anchorNow().catch((e) => this.#o.log?.(`anchor: ${(e as Error).message}`));
      }, this.#o.everyMs);
    return this;
  }

  /** Anchors the latest checkpoint now unless it is already anchored; one at a time. */
  anchorNow(): Promise<AnchorRecord | undefined> {
    this.#running = this.#running.catch(() => undefined).then(() => this.#anchor());
    return this.#running;
  }

  async #anchor(): Promise<AnchorRecord | undefined> {
    const { ledger, chain, deployment: d } = this.#o;
    const cp = ledger.log.latestCheckpoint;
    if (!cp || (this.#last && this.#last.size >= cp.size)) return undefined;
    const root = `0x${Buffer.from(cp.root).toString("hex")}` as Hex;
    const origin = ledger.log.origin;
    const receipt = await anchorCheckpoint(chain, d, { origin, size: BigInt(cp.size), root });
    this.#last = {
      origin,
      size: cp.size,
      root,
      note: cp.note,
      tx: receipt.transactionHash,
      block: receipt.blockNumber.toString(),
      chainId: d.chainId,
      anchor: d.anchor,
      at: (this.#o.now ?? Date.now)(),
    };
    this.#o.log?.(`anchor: size ${cp.size} in ${receipt.transactionHash}`);
    this.#o.onAnchored?.(this.#last);
    return this.#last;
  }

  /** Stops the timer and waits for an anchoring in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running.catch(() => undefined);
  }
}
