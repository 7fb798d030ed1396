import type { Address } from "viem";

/** Where the TET system lives on one chain; JSON-serialisable, written by `tet chain up|deploy`. */
export interface Deployment {
  chainId: number;
  deployer: Address;
  /** Block of the first deployment transaction, for log scans. */
  startBlock: number;
  token: Address;
  reserve: Address;
  timelock: Address;
  governor: Address;
  settlement: Address;
  anchor: Address;
}
