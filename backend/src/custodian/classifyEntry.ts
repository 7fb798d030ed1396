import { type Address, getAddress, type Hex, isAddress, keccak256, stringToHex, zeroAddress } from "viem";
import type { CustodianErrorCode } from "./custodianError.js";
import { type StatementEntry, toSmallestUnits } from "./statementEntry.js";

/** A fund as the custodian needs it: id, ISO code, decimals, and its token (zero for a fiat fund). */
export interface FundInfo {
  id: Hex;
  currency: string;
  decimals: number;
  token: Address;
}

/** What one statement line means to the custodian. */
export type Classified =
  | { kind: "credit"; ref: Hex; fund: Hex; amount: bigint; buyer: Hex }
  | { kind: "payout"; redemptionId: number; amount: bigint; fund: Hex }
  | { kind: "refused"; code: CustodianErrorCode; detail: string }
  | { kind: "other" };

/** The remittance text a payout order carries, and a debit names when the bank executed it. */
export const payoutRemittance = (redemptionId: number) => `TET-PAYOUT-${redemptionId}`;

/**
 * The attestation reference of a booking: keccak256 over the account and the bank's own reference, so
 * every custodian reading the same statement (or the provider's webhook) derives the same one, and a
 * booking can be attested once only — here and by the reserve (`attestationUsed`).
 */
export function attestationRef(account: string, reference: string): Hex {
  return keccak256(stringToHex(`tet-custodian/v1\n${account}\n${reference}`));
}

/**
 * Reads a statement line against the reserve's funds: a credit naming exactly one buyer address in its
 * remittance is a deposit to attest; a debit naming `TET-PAYOUT-n` is the bank's execution of payout n;
 * any other debit (fees…) is nothing to the custodian. A credit that cannot be attested is refused with
 * its code (no buyer, no such fund, a crypto fund, too many decimals).
 */
export function classifyEntry(e: StatementEntry, funds: ReadonlyMap<string, FundInfo>): Classified {
  const fund = funds.get(e.currency);
  if (e.direction === "debit") {
    const m = /\bTET-PAYOUT-(\d{1,15})\b/.exec(e.remittance);
    if (!m) return { kind: "other" };
    const amount = fund && toSmallestUnits(e.amount, fund.decimals);
    if (!fund || amount === undefined)
      return {
        kind: "refused",
        code: "PAYOUT_MISMATCH",
        detail: `${e.reference}: ${e.amount} ${e.currency}`,
      };
    return { kind: "payout", redemptionId: Number(m[1]), amount, fund: fund.id };
  }
  const refuse = (code: CustodianErrorCode, detail: string): Classified => ({
    kind: "refused",
    code,
    detail: `${e.reference}: ${detail}`,
  });
  const addresses = new Set(
    (e.remittance.match(/0x[0-9a-fA-F]{40}(?![0-9a-fA-F])/g) ?? []).map((a) => a.toLowerCase()),
  );
  if (addresses.size !== 1)
    return refuse("NO_BUYER", addresses.size === 0 ? "no 0x address" : "several addresses");
  const [buyer] = [...addresses] as [string];
  if (!isAddress(buyer) || buyer === zeroAddress) return refuse("NO_BUYER", `${buyer} is not an address`);
  if (!fund) return refuse("UNKNOWN_FUND", `no ${e.currency} fund`);
  if (fund.token !== zeroAddress) return refuse("CRYPTO_FUND", `${e.currency} is a crypto fund`);
  const amount = toSmallestUnits(e.amount, fund.decimals);
  if (amount === undefined)
    return refuse("AMOUNT_PRECISION", `${e.amount} has more than ${fund.decimals} decimals`);
  return {
    kind: "credit",
    ref: attestationRef(e.account, e.reference),
    fund: fund.id,
    amount,
    buyer: getAddress(buyer),
  };
}
