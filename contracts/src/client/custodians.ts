import { type Account, type Address, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import { custodianBoardAbi, reserveAbi } from "../../generated/artifacts.js";
import { ChainError } from "../errors/index.js";
import { type ChainClients, transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";
import type { Deployment } from "./Deployment.js";

type Target = Pick<Deployment, "chainId" | "custodianBoard">;

/** EIP-712 types of the custodian board's attestations; must match CustodianBoard's typehashes. */
export const attestationTypes = {
  Deposit: [
    { name: "fund", type: "bytes32" },
    { name: "amount", type: "uint256" },
    { name: "buyer", type: "address" },
    { name: "ref", type: "bytes32" },
    { name: "minOut", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
  Recapitalization: [
    { name: "fund", type: "bytes32" },
    { name: "amount", type: "uint256" },
    { name: "ref", type: "bytes32" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/** EIP-712 domain of one custodian board on one chain. */
export function custodianDomain(d: Target) {
  return { name: "TET Custodians", version: "1", chainId: d.chainId, verifyingContract: d.custodianBoard };
}

/** Signs with every account, returning the signatures in the ascending signer order the board wants. */
export async function signSorted(
  accounts: readonly Account[],
  sign: (a: Account) => Promise<Hex>,
): Promise<Hex[]> {
  const sorted = [...accounts].sort((x, y) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1));
  return Promise.all(sorted.map(sign));
}

function signer(a: Account) {
  if (!a.signTypedData) throw new ChainError("INVALID_INPUT", `${a.address} cannot sign typed data`);
  return a.signTypedData;
}

/**
 * Custodians: attest that a fiat fund received `amount` (smallest units) from `buyer`, and submit the
 * attestation with the signatures of `signers` (default: this client's key) to the board, which issues
 * at least `minOut` TET to the buyer. `attestation` is the custodians' unique reference of the payment
 * (reuse is refused). Returns the new lot's id and the TET minted to the buyer.
 */
export async function deposit(
  clients: ChainClients,
  d: Target,
  args: {
    currency: string;
    amount: bigint;
    buyer: Address;
    attestation: Hex;
    minOut?: bigint;
    deadline?: bigint;
    signers?: readonly Account[];
  },
): Promise<{ lotId: bigint; minted: bigint; toBuffer: bigint; receipt: TransactionReceipt }> {
  const message = {
    fund: currencyId(args.currency),
    amount: args.amount,
    buyer: args.buyer,
    ref: args.attestation,
    minOut: args.minOut ?? 0n,
    deadline: args.deadline ?? 2n ** 63n,
  };
  const signatures = await signSorted(args.signers ?? [clients.wallet.account], (a) =>
    signer(a)({ domain: custodianDomain(d), types: attestationTypes, primaryType: "Deposit", message }),
  );
  const receipt = await transact(clients, "deposit", () =>
    clients.wallet.writeContract({
      address: d.custodianBoard,
      abi: custodianBoardAbi,
      functionName: "deposit",
      args: [message, signatures],
    }),
  );
  const [ev] = parseEventLogs({ abi: reserveAbi, logs: receipt.logs, eventName: "Deposited" });
  if (!ev) throw new ChainError("TX_FAILED", "deposit: no Deposited event");
  return { lotId: ev.args.lotId, minted: ev.args.minted, toBuffer: ev.args.toBuffer, receipt };
}

/** Custodians: attest a top-up that issues nothing; it clears a deficit first, then fills the buffer. */
export async function recapitalize(
  clients: ChainClients,
  d: Target,
  args: { currency: string; amount: bigint; attestation: Hex; signers?: readonly Account[] },
) {
  const message = {
    fund: currencyId(args.currency),
    amount: args.amount,
    ref: args.attestation,
    deadline: 2n ** 63n,
  };
  const signatures = await signSorted(args.signers ?? [clients.wallet.account], (a) =>
    signer(a)({
      domain: custodianDomain(d),
      types: attestationTypes,
      primaryType: "Recapitalization",
      message,
    }),
  );
  return transact(clients, "recapitalize", () =>
    clients.wallet.writeContract({
      address: d.custodianBoard,
      abi: custodianBoardAbi,
      functionName: "recapitalize",
      args: [message, signatures],
    }),
  );
}
