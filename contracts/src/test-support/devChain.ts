import type { Hex } from "viem";
import { type AnvilHandle, startAnvil } from "../anvil/index.js";
import type { Deployment } from "../client/index.js";
import {
  type ChainClients,
  connect,
  type DeployOptions,
  deploySystem,
  withAccount,
} from "../client/index.js";

/** Anvil's well-known development keys (public, funded with test ether on every Anvil). */
export const DEV_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
] as const satisfies readonly Hex[];

export interface DevChain {
  anvil: AnvilHandle;
  /** The deployer, who also holds the oracle, custodian and anchoring roles. */
  admin: ChainClients;
  alice: ChainClients;
  bob: ChainClients;
  carol: ChainClients;
  d: Deployment;
  rpc: (method: string, params?: unknown[]) => Promise<unknown>;
  /** Moves the chain clock forward and mines a block. */
  advance: (seconds: number) => Promise<void>;
  mine: (blocks: number) => Promise<void>;
  snapshot: () => Promise<Hex>;
  revert: (id: Hex) => Promise<void>;
  now: () => Promise<number>;
}

/** Starts a private Anvil, deploys the system and hands out four parties. One per test file. */
export async function startDevChain(options: DeployOptions = {}): Promise<DevChain> {
  const anvil = await startAnvil();
  const admin = await connect({ rpcUrl: anvil.rpcUrl, privateKey: DEV_KEYS[0] });
  const d = await deploySystem(admin, { keepGovernance: true, ...options });
  const rpc = (method: string, params: unknown[] = []) =>
    admin.public.request({ method, params } as never) as Promise<unknown>;
  return {
    anvil,
    admin,
    alice: withAccount(admin, DEV_KEYS[1]),
    bob: withAccount(admin, DEV_KEYS[2]),
    carol: withAccount(admin, DEV_KEYS[3]),
    d,
    rpc,
    advance: async (seconds) => {
      await rpc("evm_increaseTime", [seconds]);
      await rpc("evm_mine");
    },
    mine: async (blocks) => {
      await rpc("anvil_mine", [`0x${blocks.toString(16)}`]);
    },
    snapshot: async () => (await rpc("evm_snapshot")) as Hex,
    revert: async (id) => {
      await rpc("evm_revert", [id]);
    },
    now: async () => Number((await admin.public.getBlock()).timestamp),
  };
}
