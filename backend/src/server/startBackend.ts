import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type LocalChain, startLocalChain } from "@tet/contracts";
import { didKeyFromPublicKey } from "@tet/schemas";
import { AnchorService } from "../anchor/index.js";
import { type ServedApi, serveApi } from "../api/index.js";
import { BillingService, billingRoutes, startPaySubscriber } from "../billing/index.js";
import { type Broker, startBroker } from "../broker/index.js";
import { Ingest, PreverifiedVerifier } from "../ingest/index.js";
import { openStore, StatementLedger } from "../ledger/index.js";
import type { BackendConfig } from "./backendConfig.js";
import { loadOrCreateKey, loadOrCreateToken } from "./secretFile.js";

/** A running backend: what it serves, where, and how to stop it. */
export interface RunningBackend {
  ledger: StatementLedger;
  ingest: Ingest;
  broker: Broker;
  api: ServedApi;
  chain: LocalChain | undefined;
  anchor: AnchorService | undefined;
  /** Paid sessions, vouchers, settlement, invoices (with the chain on). */
  billing: BillingService | undefined;
  /** The log key as a did:key: what `tet verify --log-key` and agents' `log_key` need. */
  logKey: string;
  urls: { http: string[]; mqtt: string[]; ws: string | undefined; rpc: string | undefined };
  close(): Promise<void>;
}

/**
 * Starts the whole backend on one machine from its configuration: the ledger (SQLite in the data
 * directory, or PostgreSQL), the MQTT ingest behind the embedded aedes broker, the passport API and
 * web UI, and — unless the chain is off — a local Anvil with the contracts deployed and the anchoring
 * service. Keys are created on the first start and kept in the data directory. Parts stop in reverse.
 */
export async function startBackend(
  config: BackendConfig,
  log: (line: string) => void = () => {},
): Promise<RunningBackend> {
  mkdirSync(config.dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => log(`stop: ${(e as Error).message}`));
  };
  try {
    const signer = loadOrCreateKey(join(config.dataDir, "log-key.pem"));
    const token = loadOrCreateToken(join(config.dataDir, "backend-token"));
    const store = await openStore(config.pg ? { pg: config.pg } : { db: join(config.dataDir, "ledger.db") });
    stops.push(() => store.close());
    const preverified = new PreverifiedVerifier();
    const ledger = await StatementLedger.open({
      store,
      origin: config.origin,
      signer,
      verifier: preverified,
    });
    stops.push(() => ledger.close());
    const ingest = new Ingest({ ledger, signer, preverified, log });
    stops.push(() => ingest.close());
    const broker = await startBroker({
      ingest,
      store,
      port: config.mqttPort,
      wsPort: config.wsPort,
      backend: { username: "tet-backend", password: token },
      log,
    });
    stops.push(() => broker.close());
    let chain: LocalChain | undefined;
    let anchor: AnchorService | undefined;
    let billing: BillingService | undefined;
    if (config.chain === "anvil") {
      chain = await startLocalChain({ stateFile: join(config.dataDir, "chain", "anvil-state.json") });
      stops.push(() => (chain as LocalChain).stop());
      anchor = new AnchorService({
        ledger,
        chain: chain.clients,
        deployment: chain.deployment,
        everyMs: config.anchorEveryMs,
        log,
      });
      await anchor.load().catch((e) => log(`anchor: ${(e as Error).message}`)); // the last one, after a restart
      anchor.start();
      stops.push(async () => anchor?.stop());
      // Billing: its key is the delegate providers name; redemptions are sent from the chain account.
      billing = new BillingService({
        ledger,
        chain: chain.clients,
        deployment: chain.deployment,
        signer: loadOrCreateKey(join(config.dataDir, "billing-key.pem")),
        journal: join(config.dataDir, "billing-journal.jsonl"),
        log,
      });
      billing.on("error", (e) => log(`billing: ${(e as Error).message}`));
      stops.push(async () => billing?.close());
      await billing.recover();
      const pay = await startPaySubscriber({
        url: `mqtt://127.0.0.1:${broker.port}`,
        username: "tet-backend",
        password: token,
        billing,
      });
      stops.push(() => pay.close());
    }
    const api = await serveApi({
      ledger,
      prefix: config.prefix,
      port: config.httpPort,
      routes: billing ? [billingRoutes({ billing, ...(anchor ? { anchor } : {}) })] : [],
      anchor: () => anchor?.last,
    });
    stops.push(() => api.close());
    return {
      ledger,
      ingest,
      broker,
      api,
      chain,
      anchor,
      billing,
      logKey: didKeyFromPublicKey(signer.publicKey),
      urls: {
        http: [`http://[::1]:${api.port}`, `http://127.0.0.1:${api.port}`],
        mqtt: [`mqtt://[::1]:${broker.port}`, `mqtt://127.0.0.1:${broker.port}`],
        ws: broker.wsPort === undefined ? undefined : `ws://[::1]:${broker.wsPort}/mqtt`,
        rpc: chain?.anvil.rpcUrl,
      },
      close: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
