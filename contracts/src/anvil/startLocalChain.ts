import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Deployment, InitialFund } from "../client/index.js";
import { type ChainClients, CODE_VERSION, connect, deploySystem } from "../client/index.js";
import { type AnvilHandle, startAnvil } from "./startAnvil.js";

/** Anvil's first well-known development key; only ever used against the local chain. */
export const ANVIL_DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/**
 * The local chain's funds besides the RUB peg, so that its reserve has rates to keep fresh (the oracle)
 * and more than one currency to pay from: EUR and USD, 1e18-scaled RUB per unit, with bounds a
 * factor of four either way and a 2 % FX-risk buffer on issuance.
 */
export const LOCAL_FUNDS: readonly InitialFund[] = [
  {
    currency: "EUR",
    decimals: 2,
    quote: 100n * 10n ** 18n,
    minRate: 25n * 10n ** 18n,
    maxRate: 400n * 10n ** 18n,
    bufferBps: 200,
  },
  {
    currency: "USD",
    decimals: 2,
    quote: 90n * 10n ** 18n,
    minRate: 22n * 10n ** 18n,
    maxRate: 360n * 10n ** 18n,
    bufferBps: 200,
  },
];

/** A running local chain with the system deployed. */
export interface LocalChain {
  anvil: AnvilHandle;
  clients: ChainClients;
  deployment: Deployment;
  deploymentFile: string;
  stop(): Promise<void>;
}

/**
 * The embedded default chain: Anvil on 127.0.0.1 with its state persisted in `stateFile`, and the
 * TET system deployed once — its addresses are kept beside the state (`deployment.json`) and reused
 * on the next start as long as the chain still holds that code and it is this version's with the
 * `LOCAL_FUNDS` listed (an older deployment in the state file is left there and the system deployed
 * anew). Behind `tet chain up`
 * and `npm start`.
 */
export async function startLocalChain(options: { stateFile: string; port?: number }): Promise<LocalChain> {
  const deploymentFile = join(dirname(options.stateFile), "deployment.json");
  mkdirSync(dirname(options.stateFile), { recursive: true });
  const anvil = await startAnvil({ port: options.port ?? 0, stateFile: options.stateFile });
  try {
    const clients = await connect({ rpcUrl: anvil.rpcUrl, privateKey: ANVIL_DEV_KEY });
    let deployment = existsSync(deploymentFile)
      ? (JSON.parse(readFileSync(deploymentFile, "utf8")) as Deployment)
      : undefined;
    const code = deployment && (await clients.public.getCode({ address: deployment.reserve }));
    const current =
      deployment?.codeVersion === CODE_VERSION &&
      deployment.funds?.join() === LOCAL_FUNDS.map((f) => f.currency).join();
    if (!deployment || !current || !code || code === "0x" || deployment.chainId !== clients.public.chain.id) {
      deployment = await deploySystem(clients, { keepGovernance: false, funds: LOCAL_FUNDS });
      writeFileSync(deploymentFile, `${JSON.stringify(deployment, null, 2)}\n`);
    }
    return { anvil, clients, deployment, deploymentFile, stop: () => anvil.stop() };
  } catch (e) {
    await anvil.stop();
    throw e;
  }
}
