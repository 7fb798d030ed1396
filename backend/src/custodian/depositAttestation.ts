import { attestationTypes, custodianDomain, type Deployment } from "@tet/contracts";
import { type Account, type Hex, recoverTypedDataAddress } from "viem";
import { CustodianError } from "./custodianError.js";
import type { Credit } from "./custodianStore.js";

type Board = Pick<Deployment, "chainId" | "custodianBoard">;

/** No expiry: the reference's single use on chain is what stops a replay (as the contracts client does). */
export const NO_DEADLINE = 2n ** 63n;

/** The board's Deposit message (CustodianBoard.Deposit). */
export interface DepositMessage {
  fund: Hex;
  amount: bigint;
  buyer: Hex;
  ref: Hex;
  minOut: bigint;
  deadline: bigint;
}

/** The Deposit message of a credit: every custodian derives the same one from the same booking. */
export function depositMessage(c: Pick<Credit, "fund" | "amount" | "buyer" | "ref">): DepositMessage {
  return {
    fund: c.fund,
    amount: BigInt(c.amount),
    buyer: c.buyer,
    ref: c.ref,
    minOut: 0n,
    deadline: NO_DEADLINE,
  };
}

/** The same terms: what two custodians must both sign for their signatures to count together. */
export const sameTerms = (a: DepositMessage, b: DepositMessage) =>
  a.fund.toLowerCase() === b.fund.toLowerCase() &&
  a.ref.toLowerCase() === b.ref.toLowerCase() &&
  a.buyer.toLowerCase() === b.buyer.toLowerCase() &&
  a.amount === b.amount &&
  a.minOut === b.minOut &&
  a.deadline === b.deadline;

/** One custodian key's EIP-712 signature over a credit's Deposit message. */
export async function signDeposit(signer: Account, board: Board, message: DepositMessage): Promise<Hex> {
  if (!signer.signTypedData)
    throw new CustodianError("BAD_PEER_ATTESTATION", `${signer.address} cannot sign`);
  return signer.signTypedData({
    domain: custodianDomain(board),
    types: attestationTypes,
    primaryType: "Deposit",
    message,
  });
}

/** Who signed a Deposit message (EIP-712 recovery), or undefined for a signature that does not parse. */
export async function depositSigner(
  board: Board,
  message: DepositMessage,
  signature: Hex,
): Promise<Hex | undefined> {
  try {
    return await recoverTypedDataAddress({
      domain: custodianDomain(board),
      types: attestationTypes,
      primaryType: "Deposit",
      message,
      signature,
    });
  } catch {
    return undefined;
  }
}
