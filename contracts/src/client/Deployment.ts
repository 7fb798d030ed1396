import type { Address, Hex } from "viem";

/** Where the TET system lives on one chain; JSON-serialisable, written by `tet chain up|deploy`. */
export interface Deployment {
  chainId: number;
  /** keccak256 of the deployed contracts' creation code: which version of the system this is. */
  codeVersion: Hex;
  deployer: Address;
  /** Block of the first deployment transaction, for log scans. */
  startBlock: number;
  token: Address;
  reserve: Address;
  /** M-of-N custodian attestations of fiat deposits. */
  custodianBoard: Address;
  /** Median of M-of-N signed quotes. */
  rateOracle: Address;
  timelock: Address;
  governor: Address;
  settlement: Address;
  /** One-transaction cross-currency payments. */
  router: Address;
  anchor: Address;
  /** Funds listed at deployment besides the peg (`DeployOptions.funds`); absent in older files. */
  funds?: string[];
}
