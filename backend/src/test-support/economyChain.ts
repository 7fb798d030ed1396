import {
  type AnvilHandle,
  type ChainClients,
  connect,
  type Deployment,
  deploySystem,
  deposit,
  listFund,
  startAnvil,
  withAccount,
} from "@tet/contracts";
import { type Hex, keccak256, parseUnits, toHex } from "viem";
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";

/** Anvil's first development key: deploys, and is the governance of the test system. */
const ADMIN = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/** Anvil's second and third development keys: funded with ether, for senders and holders. */
export const DEV_KEYS = [
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
] as const;

/** A test chain of the economy: its own oracle keys and custodian keys (none of them the deployer's). */
export interface EconomyChain {
  anvil: AnvilHandle;
  admin: ChainClients;
  /** A funded account that sends oracle and custodian transactions. */
  sender: ChainClients;
  d: Deployment;
  oracleKeys: Hex[];
  oracles: PrivateKeyAccount[];
  custodianKeys: Hex[];
  custodians: PrivateKeyAccount[];
  advance(seconds: number): Promise<void>;
  now(): Promise<number>;
}

let attestations = 0;

/**
 * The custodians (all of them) attest a fiat deposit of `amount` smallest units of `currency` for
 * `buyer`, each under a reference of its own, as a bank statement line would be.
 */
export function depositFor(c: EconomyChain, o: { currency: string; amount: bigint; buyer: `0x${string}` }) {
  return deposit(c.sender, c.d, {
    ...o,
    attestation: keccak256(toHex(`bank statement line ${++attestations}`)),
    signers: c.custodians,
  });
}

/** Whole TET or peg units (a decimal string) as 1e18-scaled integers. */
export const wad = (n: string | number) => parseUnits(String(n), 18);

/**
 * Starts Anvil and deploys the system with `oracles` fresh oracle keys (threshold `oracleThreshold`)
 * and `custodians` fresh custodian keys, the rate rules given (public-like: a rate fresh for an hour,
 * 10 % per hour), and lists USD (2 decimals, a 20 % FX-risk buffer) at `usd` RUB. One per test file.
 */
export async function startEconomyChain(o: {
  oracles?: number;
  oracleThreshold?: number;
  custodians?: number;
  custodianThreshold?: number;
  usd?: string;
  maxRateAge?: number;
}): Promise<EconomyChain> {
  const anvil = await startAnvil();
  const admin = await connect({ rpcUrl: anvil.rpcUrl, privateKey: ADMIN });
  const oracleKeys = Array.from({ length: o.oracles ?? 3 }, () => generatePrivateKey());
  const custodianKeys = Array.from({ length: o.custodians ?? 2 }, () => generatePrivateKey());
  const oracles = oracleKeys.map((k) => privateKeyToAccount(k));
  const custodians = custodianKeys.map((k) => privateKeyToAccount(k));
  const d = await deploySystem(admin, {
    keepGovernance: true,
    oracles: oracles.map((a) => a.address),
    oracleThreshold: o.oracleThreshold ?? 2,
    custodians: custodians.map((a) => a.address),
    custodianThreshold: o.custodianThreshold ?? 2,
    maxRateAge: o.maxRateAge ?? 3_600,
    maxMoveBps: 1_000,
    movePeriodSeconds: 3_600,
  });
  await listFund(admin, d, {
    currency: "USD",
    decimals: 2,
    quote: wad(o.usd ?? "90"),
    minRate: wad(1),
    maxRate: wad(1_000),
    bufferBps: 2_000,
  });
  const rpc = (method: string, params: unknown[] = []) => admin.public.request({ method, params } as never);
  return {
    anvil,
    admin,
    sender: withAccount(admin, DEV_KEYS[0]),
    d,
    oracleKeys,
    oracles,
    custodianKeys,
    custodians,
    advance: async (s) => {
      await rpc("evm_increaseTime", [s]);
      await rpc("evm_mine");
    },
    now: async () => Number((await admin.public.getBlock()).timestamp),
  };
}
