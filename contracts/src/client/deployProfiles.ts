/** Which defaults a deployment takes: a local development chain, or any other (public) chain. */
export type DeployProfile = "local" | "public";

/** Parameters a profile fixes unless `deploySystem`'s options override them. */
export interface ProfileDefaults {
  /** Seconds a rate stays fresh; past it, deposits and redemptions stop. */
  maxRateAge: number;
  /** Largest rate move per `movePeriodSeconds`, basis points (linear in the time since the last rate). */
  maxMoveBps: number;
  movePeriodSeconds: number;
  /** Seconds of one mint-cap window. */
  capPeriodSeconds: number;
  /** TET (wei) that deposits into the peg fund may issue per window. */
  pegMintCap: bigint;
  /** Governor voting delay and period, in seconds (the token's clock is the block timestamp). */
  votingDelaySeconds: number;
  votingPeriodSeconds: number;
  /** Quorum, percent of the circulating supply at the proposal's snapshot. */
  quorumPercent: number;
  /** Votes needed to propose, basis points of the circulating supply. */
  proposalThresholdBps: number;
  timelockDelaySeconds: number;
  /** Delay before a new custodian or oracle set takes effect (fixed for the contract's life). */
  signerChangeDelaySeconds: number;
  disputeWindowSeconds: number;
}

const DAY = 86_400;

/**
 * Defaults per profile. Public chains get days-long votes and delays, rates fresh for 15 minutes that
 * move at most 10 % an hour, and a cap of 1,000,000 TET a day on peg deposits; the local chain
 * (`npm start`, tests) keeps everything short so that one person can drive it by hand.
 */
export const PROFILES: Record<DeployProfile, ProfileDefaults> = {
  public: {
    maxRateAge: 15 * 60,
    maxMoveBps: 1_000,
    movePeriodSeconds: 3_600,
    capPeriodSeconds: DAY,
    pegMintCap: 1_000_000n * 10n ** 18n,
    votingDelaySeconds: DAY,
    votingPeriodSeconds: 5 * DAY,
    quorumPercent: 10,
    proposalThresholdBps: 25,
    timelockDelaySeconds: 2 * DAY,
    signerChangeDelaySeconds: 14 * DAY,
    disputeWindowSeconds: DAY,
  },
  local: {
    maxRateAge: DAY,
    maxMoveBps: 2_000,
    movePeriodSeconds: 60,
    capPeriodSeconds: DAY,
    pegMintCap: 2n ** 255n,
    votingDelaySeconds: 1,
    votingPeriodSeconds: 300,
    quorumPercent: 10,
    proposalThresholdBps: 25,
    timelockDelaySeconds: 60,
    signerChangeDelaySeconds: 120,
    disputeWindowSeconds: DAY,
  },
};

/** Anvil's and Hardhat's default chain id: the local profile unless told otherwise. */
export const LOCAL_CHAIN_ID = 31_337;
