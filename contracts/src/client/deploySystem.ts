import { type Abi, type Address, getAddress, type Hex, zeroAddress } from "viem";
import {
  anchorAbi,
  anchorBytecode,
  reserveAbi,
  reserveBytecode,
  settlementAbi,
  settlementBytecode,
  tETGovernorAbi,
  tETGovernorBytecode,
  tETTimelockAbi,
  tETTimelockBytecode,
  tETTokenAbi,
  tETTokenBytecode,
} from "../artifacts.js";
import { ChainError } from "../errors/ChainError.js";
import { type ChainClients, transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";
import type { Deployment } from "./Deployment.js";

/** Deployment parameters; every field has a default suited to a development chain. */
export interface DeployOptions {
  /** ISO code of the first peg currency, which is also the first listed fund. Default "RUB". */
  pegCurrency?: string;
  pegDecimals?: number;
  /** Minimum buffer ratio kept at deposit time, basis points. Default 200 (2 %). */
  bufferBps?: number;
  /** Oldest usable oracle rate, seconds. Default one day. */
  maxRateAge?: number;
  /** Largest move of one rate update, basis points. Default 2000 (20 %). */
  maxRateStepBps?: number;
  votingDelayBlocks?: number;
  votingPeriodBlocks?: number;
  quorumPercent?: number;
  timelockDelaySeconds?: number;
  disputeWindowSeconds?: number;
  /** Receiver of the 0.1 % fee on transfers and voucher payments; default the deployer. */
  infrastructureFund?: Address;
  /** Holders of the oracle, custodian and anchoring roles; default the deployer. */
  oracle?: Address;
  custodian?: Address;
  anchorer?: Address;
  /** Keep the reserve's governance role for the deployer (bootstrap and tests); default false. */
  keepGovernance?: boolean;
}

/**
 * Deploys and wires the whole system: token, reserve, timelock, governor, settlement and anchor. The
 * timelock (driven by the governor) ends up holding the reserve's admin and governance roles, and the
 * settlement's and anchor's admin role; the deployer keeps nothing unless `keepGovernance`.
 */
export async function deploySystem(clients: ChainClients, options: DeployOptions = {}): Promise<Deployment> {
  const o = { ...DEFAULTS, ...options };
  const me = clients.wallet.account.address;
  const startBlock = Number(await clients.public.getBlockNumber()) + 1;
  const deploy = async (
    name: string,
    abi: Abi,
    bytecode: Hex,
    args: readonly unknown[],
  ): Promise<Address> => {
    const r = await transact(clients, `deploy ${name}`, () =>
      clients.wallet.deployContract({ abi, bytecode, args }),
    );
    if (!r.contractAddress) throw new ChainError("DEPLOY_FAILED", `${name}: no contract address`);
    return getAddress(r.contractAddress);
  };
  const call = (what: string, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) =>
    transact(clients, what, () => clients.wallet.writeContract({ address, abi, functionName, args }));

  const token = await deploy("TETToken", tETTokenAbi, tETTokenBytecode, []);
  const peg = currencyId(o.pegCurrency);
  const reserve = await deploy("Reserve", reserveAbi, reserveBytecode, [
    token,
    me,
    peg,
    o.pegDecimals,
    BigInt(o.bufferBps),
    BigInt(o.maxRateAge),
    BigInt(o.maxRateStepBps),
  ]);
  const timelock = await deploy("TETTimelock", tETTimelockAbi, tETTimelockBytecode, [
    BigInt(o.timelockDelaySeconds),
    [],
    [zeroAddress],
    me,
  ]);
  const governor = await deploy("TETGovernor", tETGovernorAbi, tETGovernorBytecode, [
    token,
    timelock,
    o.votingDelayBlocks,
    o.votingPeriodBlocks,
    BigInt(o.quorumPercent),
  ]);
  const settlement = await deploy("Settlement", settlementAbi, settlementBytecode, [
    token,
    BigInt(o.disputeWindowSeconds),
  ]);
  await call("initialize token", token, tETTokenAbi, "initialize", [
    reserve,
    timelock,
    o.infrastructureFund ?? me,
    [settlement],
  ]);
  const anchor = await deploy("Anchor", anchorAbi, anchorBytecode, [timelock, o.anchorer ?? me]);

  const role = (abi: Abi, address: Address, name: string) =>
    clients.public.readContract({ address, abi, functionName: name }) as Promise<Hex>;
  const admin = `0x${"0".repeat(64)}` as Hex;
  for (const name of ["PROPOSER_ROLE", "CANCELLER_ROLE"]) {
    await call(name, timelock, tETTimelockAbi, "grantRole", [
      await role(tETTimelockAbi, timelock, name),
      governor,
    ]);
  }
  await call("renounce timelock admin", timelock, tETTimelockAbi, "renounceRole", [admin, me]);
  const governance = await role(reserveAbi, reserve, "GOVERNANCE_ROLE");
  const grants: [string, Address][] = [
    ["ORACLE_ROLE", o.oracle ?? me],
    ["CUSTODIAN_ROLE", o.custodian ?? me],
  ];
  for (const [name, who] of grants) {
    await call(name, reserve, reserveAbi, "grantRole", [await role(reserveAbi, reserve, name), who]);
  }
  await call("GOVERNANCE_ROLE", reserve, reserveAbi, "grantRole", [governance, timelock]);
  await call("DEFAULT_ADMIN_ROLE", reserve, reserveAbi, "grantRole", [admin, timelock]);
  if (!o.keepGovernance) {
    await call("renounce governance", reserve, reserveAbi, "renounceRole", [governance, me]);
    await call("renounce admin", reserve, reserveAbi, "renounceRole", [admin, me]);
  }
  return {
    chainId: clients.public.chain.id,
    deployer: me,
    startBlock,
    token,
    reserve,
    timelock,
    governor,
    settlement,
    anchor,
  };
}

const DEFAULTS = {
  pegCurrency: "RUB",
  pegDecimals: 2,
  bufferBps: 200,
  maxRateAge: 86_400,
  maxRateStepBps: 2_000,
  votingDelayBlocks: 1,
  votingPeriodBlocks: 50,
  quorumPercent: 4,
  timelockDelaySeconds: 3_600,
  disputeWindowSeconds: 86_400,
};
