/** One fund as the proof-of-reserves page shows it: amounts as decimal strings (JSON has no bigint). */
export interface FundReport {
  id: string;
  /** ISO code, or the ERC-20's address. */
  currency: string;
  /** What people call it: the ISO code, or the ERC-20's symbol. */
  name: string;
  decimals: number;
  /** `attested`: a fiat fund the custodian board attests; `erc20`: tokens this contract holds. */
  kind: "attested" | "erc20";
  token: string;
  peg: boolean;
  /** Currency held, smallest units. */
  amount: string;
  /** TET wei per whole unit, when observed (unix s), and its age at the block. */
  rate: string;
  rateUpdatedAt: number;
  rateAge: number;
  /** Holds currency and its rate is older than maxRateAge: the reserve refuses every deposit and redemption. */
  stale: boolean;
  /** amount × rate in TET wei (the peg value), and the FX-risk buffer pool. */
  value: string;
  buffer: string;
  issued: string;
  bufferBps: number;
  /** An ERC-20 fund: the token balance the reserve contract holds (≥ amount); anyone can read it. */
  custody?: string;
}

/** A lot issued, with where it came from. */
export interface LotReport {
  id: string;
  fund: string;
  name: string;
  /** TET wei issued and its rate (TET wei per whole unit). */
  amount: string;
  rate: string;
  buyer: string;
  /** The deposit behind it: currency amount (smallest units), the custodians' attestation (zero for ERC-20), buffer share. */
  deposited: string;
  attestation: string;
  toBuffer: string;
  firstSerial: string;
  block: string;
  tx: string;
  timestamp: number;
}

/** The reserve at one block: everything the page shows and anyone can check with the same calls. */
export interface ReserveReport {
  chainId: number;
  block: { number: string; hash: string; timestamp: number };
  contracts: {
    reserve: string;
    token: string;
    custodianBoard: string;
    rateOracle: string;
    router: string;
    settlement: string;
  };
  /** A local development chain (Anvil's id): the wallet page offers its well-known keys. */
  development: boolean;
  maxRateAge: number;
  pegFund: string;
  tetPerPeg: string;
  totals: {
    totalSupply: string;
    circulating: string;
    frozen: string;
    buffers: string;
    backing: string;
    deficit: string;
    issued: string;
    redeemed: string;
    lotCount: string;
  };
  issuancePaused: boolean;
  /** The first fund that holds currency with a stale rate, or null. */
  staleFund: string | null;
  funds: FundReport[];
  custodians: { signers: string[]; threshold: number };
  oracles: { signers: string[]; threshold: number };
  /** The newest lots first (at most `limit`), and how many there are. */
  lots: LotReport[];
  /** Backing and circulating after each block with a reserve change. */
  history: { block: string; timestamp: number; backing: string; circulating: string }[];
}
