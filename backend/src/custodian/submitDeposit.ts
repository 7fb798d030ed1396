import { type ChainClients, custodianBoardAbi, type Deployment, reserveAbi, transact } from "@tet/contracts";
import { type Hex, parseEventLogs } from "viem";
import type { DepositMessage } from "./depositAttestation.js";

type Target = Pick<Deployment, "reserve" | "custodianBoard" | "startBlock">;

/** A Deposited event of the reserve: the attestation's outcome on chain. */
export interface Attested {
  tx: Hex;
  minted: bigint;
  lotId: bigint;
  /** This process sent the transaction (false: another custodian or anyone did). */
  byUs: boolean;
}

/** The Deposited event that used `ref`, if the reserve has one. */
export async function findAttested(
  clients: Pick<ChainClients, "public">,
  d: Target,
  ref: Hex,
): Promise<Attested | undefined> {
  const [ev] = await clients.public.getContractEvents({
    address: d.reserve,
    abi: reserveAbi,
    eventName: "Deposited",
    args: { attestation: ref },
    fromBlock: BigInt(d.startBlock ?? 0),
  });
  return (
    ev && { tx: ev.transactionHash, minted: ev.args.minted ?? 0n, lotId: ev.args.lotId ?? 0n, byUs: false }
  );
}

/**
 * Submits an attestation with its signatures (ascending signer, as the board requires) unless the
 * reserve used the reference already — then the earlier Deposited event is returned, so two custodians
 * submitting the same attestation both see it attested once. A revert is a ChainError with the
 * contract's reason (StaleRate, MintCapExceeded, …).
 */
export async function submitDeposit(
  clients: ChainClients,
  d: Target,
  message: DepositMessage,
  signatures: readonly { signer: Hex; signature: Hex }[],
): Promise<Attested> {
  const used = await clients.public.readContract({
    address: d.reserve,
    abi: reserveAbi,
    functionName: "attestationUsed",
    args: [message.ref],
  });
  const earlier = used ? await findAttested(clients, d, message.ref) : undefined;
  if (earlier) return earlier;
  const sorted = [...signatures].sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));
  const receipt = await transact(clients, "deposit", () =>
    clients.wallet.writeContract({
      address: d.custodianBoard,
      abi: custodianBoardAbi,
      functionName: "deposit",
      args: [message, sorted.map((s) => s.signature)],
    }),
  );
  const [ev] = parseEventLogs({ abi: reserveAbi, logs: receipt.logs, eventName: "Deposited" });
  return {
    tx: receipt.transactionHash,
    minted: ev?.args.minted ?? 0n,
    lotId: ev?.args.lotId ?? 0n,
    byUs: true,
  };
}
