import type { Hex } from "viem";
import { anchorAbi } from "../../generated/artifacts.js";
import { type ChainClients, transact } from "./ChainClients.js";
import type { Deployment } from "./Deployment.js";

type Target = Pick<Deployment, "anchor">;

/** A log checkpoint as recorded on chain. */
export interface AnchoredCheckpoint {
  size: bigint;
  root: Hex;
  timestamp: number;
  blockNumber: bigint;
}

/**
 * Records a checkpoint (origin line, tree size, root hash) of the transparency log; signed by the
 * backend's anchoring key. The size must grow; a different root at an anchored size is refused.
 */
export async function anchorCheckpoint(
  clients: ChainClients,
  d: Target,
  args: { origin: string; size: bigint; root: Hex },
) {
  return transact(clients, "anchor", () =>
    clients.wallet.writeContract({
      address: d.anchor,
      abi: anchorAbi,
      functionName: "anchor",
      args: [args.origin, args.size, args.root],
    }),
  );
}

/** The latest anchored checkpoint of `origin`, or null when none was anchored. */
export async function latestCheckpoint(
  clients: Pick<ChainClients, "public">,
  d: Target,
  origin: string,
): Promise<AnchoredCheckpoint | null> {
  const read = { address: d.anchor, abi: anchorAbi } as const;
  const count = await clients.public.readContract({
    ...read,
    functionName: "checkpointCount",
    args: [origin],
  });
  if (count === 0n) return null;
  const c = await clients.public.readContract({ ...read, functionName: "latest", args: [origin] });
  return { size: c.size, root: c.root, timestamp: Number(c.timestamp), blockNumber: c.blockNumber };
}
