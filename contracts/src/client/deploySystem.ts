import { type Abi, type Address, concat, getAddress, type Hex, keccak256, zeroAddress } from "viem";
import * as artifacts from "../../generated/artifacts.js";
import { ChainError } from "../errors/index.js";
import { type ChainClients, transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";
import type { Deployment } from "./Deployment.js";
import { type DeployProfile, LOCAL_CHAIN_ID, PROFILES, type ProfileDefaults } from "./deployProfiles.js";
import { type InitialFund, listInitialFunds } from "./listInitialFunds.js";
import { listFund } from "./reserve.js";

/** Deployment parameters: a profile's defaults (see deployProfiles.ts), any of which can be overridden. */
export interface DeployOptions extends Partial<ProfileDefaults> {
  /** Default "local" on chain id 31337 (Anvil), else "public". */
  profile?: DeployProfile;
  /** ISO code of the first peg currency, which is also the first listed fund. Default "RUB". */
  pegCurrency?: string;
  pegDecimals?: number;
  /** Receiver of the 0.1 % fee on transfers and voucher payments; default the deployer. */
  infrastructureFund?: Address;
  /** The custodian board: keys that attest fiat deposits, and how many must sign. Local default: the deployer, 1. */
  custodians?: readonly Address[];
  custodianThreshold?: number;
  /** The rate oracle's keys and how many quotes a rate takes (their median). Local default: the deployer, 1. */
  oracles?: readonly Address[];
  oracleThreshold?: number;
  /** Who may pause issuance; default the deployer. */
  guardian?: Address;
  anchorer?: Address;
  /**
   * Make the deployer, not the timelock, the governance of the reserve, token and signer sets, for
   * tests and bootstrap only; default false.
   */
  keepGovernance?: boolean;
  /** Funds listed at deployment besides the peg, through the timelock (see `listInitialFunds`). */
  funds?: readonly InitialFund[];
}

/**
 * Deploys and wires the whole system: token, timelock, governor, custodian board, rate oracle, reserve,
 * settlement, payment router and anchor. The timelock (driven by the governor) is the governance of the reserve, the
 * token and both signer sets and the anchor's admin; the deployer keeps no power but the guardian's
 * pause (unless `guardian` names another key). On a public profile both signer sets must be at least
 * 2-of-N, so no single key attests deposits or sets a rate.
 */
export async function deploySystem(clients: ChainClients, options: DeployOptions = {}): Promise<Deployment> {
  const profile = options.profile ?? (clients.public.chain.id === LOCAL_CHAIN_ID ? "local" : "public");
  const o = { ...PROFILES[profile], pegCurrency: "RUB", pegDecimals: 2, ...options };
  const me = clients.wallet.account.address;
  const custodians = o.custodians ?? (profile === "local" ? [me] : []);
  const oracles = o.oracles ?? (profile === "local" ? [me] : []);
  const custodianThreshold = o.custodianThreshold ?? majority(custodians.length);
  const oracleThreshold = o.oracleThreshold ?? majority(oracles.length);
  if (profile === "public" && (custodianThreshold < 2 || oracleThreshold < 2))
    throw new ChainError("INVALID_INPUT", "a public deployment needs at least 2-of-N custodians and oracles");
  const startBlock = Number(await clients.public.getBlockNumber()) + 1;
  const deploy = async (name: string, abi: Abi, bytecode: Hex, args: readonly unknown[]) => {
    const r = await transact(clients, `deploy ${name}`, () =>
      clients.wallet.deployContract({ abi, bytecode, args }),
    );
    if (!r.contractAddress) throw new ChainError("DEPLOY_FAILED", `${name}: no contract address`);
    return getAddress(r.contractAddress);
  };
  const call = (what: string, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) =>
    transact(clients, what, () => clients.wallet.writeContract({ address, abi, functionName, args }));
  const a = artifacts;

  const token = await deploy("TETToken", a.tETTokenAbi, a.tETTokenBytecode, []);
  const initialFunds = o.funds ?? [];
  const listThroughTimelock = initialFunds.length > 0 && !o.keepGovernance;
  const timelock = await deploy("TETTimelock", a.tETTimelockAbi, a.tETTimelockBytecode, [
    BigInt(listThroughTimelock ? 0 : o.timelockDelaySeconds),
    [],
    [zeroAddress],
    me,
  ]);
  const governor = await deploy("TETGovernor", a.tETGovernorAbi, a.tETGovernorBytecode, [
    token,
    timelock,
    o.votingDelaySeconds,
    o.votingPeriodSeconds,
    BigInt(o.quorumPercent),
    BigInt(o.proposalThresholdBps),
  ]);
  const governance = o.keepGovernance ? me : timelock;
  const delay = BigInt(o.signerChangeDelaySeconds);
  const custodianBoard = await deploy("CustodianBoard", a.custodianBoardAbi, a.custodianBoardBytecode, [
    governance,
    delay,
    custodians,
    BigInt(custodianThreshold),
  ]);
  const rateOracle = await deploy("RateOracle", a.rateOracleAbi, a.rateOracleBytecode, [
    governance,
    delay,
    oracles,
    BigInt(oracleThreshold),
  ]);
  const reserve = await deploy("Reserve", a.reserveAbi, a.reserveBytecode, [
    token,
    governance,
    custodianBoard,
    rateOracle,
    o.guardian ?? me,
    {
      pegFund: currencyId(o.pegCurrency),
      pegDecimals: o.pegDecimals,
      pegMintCap: o.pegMintCap,
      pegBufferBps: 0,
      maxRateAge: BigInt(o.maxRateAge),
      maxMoveBps: BigInt(o.maxMoveBps),
      movePeriod: BigInt(o.movePeriodSeconds),
      capPeriod: BigInt(o.capPeriodSeconds),
    },
  ]);
  await call("bind custodians", custodianBoard, a.custodianBoardAbi, "bind", [reserve]);
  await call("bind oracle", rateOracle, a.rateOracleAbi, "bind", [reserve]);
  const settlement = await deploy("Settlement", a.settlementAbi, a.settlementBytecode, [
    token,
    BigInt(o.disputeWindowSeconds),
  ]);
  const router = await deploy("PaymentRouter", a.paymentRouterAbi, a.paymentRouterBytecode, [token, reserve]);
  await call("initialize token", token, a.tETTokenAbi, "initialize", [
    reserve,
    governance,
    o.infrastructureFund ?? me,
    [settlement, router],
  ]);
  const anchor = await deploy("Anchor", a.anchorAbi, a.anchorBytecode, [timelock, o.anchorer ?? me]);
  const role = (name: "PROPOSER_ROLE" | "CANCELLER_ROLE") =>
    clients.public.readContract({
      address: timelock,
      abi: a.tETTimelockAbi,
      functionName: name,
    }) as Promise<Hex>;
  for (const name of ["PROPOSER_ROLE", "CANCELLER_ROLE"] as const)
    await call(name, timelock, a.tETTimelockAbi, "grantRole", [await role(name), governor]);
  if (listThroughTimelock)
    await listInitialFunds(clients, { timelock, reserve }, initialFunds, o.timelockDelaySeconds);
  else for (const f of initialFunds) await listFund(clients, { reserve }, f);
  await call("renounce timelock admin", timelock, a.tETTimelockAbi, "renounceRole", [
    `0x${"0".repeat(64)}`,
    me,
  ]);
  return {
    chainId: clients.public.chain.id,
    codeVersion: CODE_VERSION,
    deployer: me,
    startBlock,
    token,
    reserve,
    custodianBoard,
    rateOracle,
    timelock,
    governor,
    settlement,
    router,
    anchor,
    funds: initialFunds.map((f) => f.currency),
  };
}

/** keccak256 of every contract's creation code, in deployment order: the system's code version. */
export const CODE_VERSION: Hex = keccak256(
  concat([
    artifacts.tETTokenBytecode,
    artifacts.tETTimelockBytecode,
    artifacts.tETGovernorBytecode,
    artifacts.custodianBoardBytecode,
    artifacts.rateOracleBytecode,
    artifacts.reserveBytecode,
    artifacts.settlementBytecode,
    artifacts.paymentRouterBytecode,
    artifacts.anchorBytecode,
  ]),
);

const majority = (n: number) => Math.floor(n / 2) + 1;
