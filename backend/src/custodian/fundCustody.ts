import { zeroAddress } from "viem";
import type { FundInfo } from "./classifyEntry.js";

/** Who keeps a fund's money, in words: what the status route (and a UI) says per fund. */
export interface FundCustody {
  currency: string;
  kind: "fiat" | "crypto";
  says: string;
}

/**
 * A fiat fund's money is in a bank account, so M-of-N custodians attest its deposits and pay its
 * redemptions; a crypto (ERC-20) fund needs no custodian — the reserve contract holds the tokens and
 * pays redemptions itself, and anyone can compare `custodyOf` with the fund's amount.
 */
export function fundCustody(f: FundInfo): FundCustody {
  return f.token === zeroAddress
    ? {
        currency: f.currency,
        kind: "fiat",
        says: "fiat fund: deposits are attested by M-of-N custodians, redemptions paid by the custodian",
      }
    : {
        currency: f.currency,
        kind: "crypto",
        says: "crypto fund: no custodian — the reserve holds the tokens and pays redemptions on chain",
      };
}
