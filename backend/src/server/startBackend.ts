import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { didKeyFromPublicKey } from "@tet/schemas";
import type { Logger } from "pino";
import { AnchorService } from "../anchor/index.js";
import { type ServedApi, serveApi } from "../api/index.js";
import { BillingService, billingRoutes, startPaySubscriber } from "../billing/index.js";
import { type Broker, startBroker } from "../broker/index.js";
import type { Ingest } from "../ingest/index.js";
import { openStore, StatementLedger } from "../ledger/index.js";
import { BackendMetrics, createLogger, lineLogger, operationsRoutes } from "../observability/index.js";
import type { BackendConfig } from "./backendConfig.js";
import { type BackendChain, connectChain } from "./connectChain.js";
import { openIngest } from "./openIngest.js";
import { loadOrCreateKey, loadOrCreateToken } from "./secretFile.js";

/** A running backend: what it serves, where, and how to stop it. */
export interface RunningBackend {
  ledger: StatementLedger;
  ingest: Ingest;
  broker: Broker;
  api: ServedApi;
  chain: BackendChain | undefined;
  anchor: AnchorService | undefined;
  /** Paid sessions, vouchers, settlement, invoices (with the chain on). */
  billing: BillingService | undefined;
  /** This backend's Prometheus registry and gauges (`GET /metrics`). */
  metrics: BackendMetrics;
  /** The log key as a did:key: what `tet verify --log-key` and agents' `log_key` need. */
  logKey: string;
  urls: { http: string[]; mqtt: string[]; ws: string | undefined; rpc: string | undefined };
  close(): Promise<void>;
}

const fileBytes = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/**
 * Starts the whole backend on one machine from its configuration: the ledger (SQLite in the data
 * directory, or PostgreSQL), the MQTT ingest behind the embedded aedes broker, the passport API and
 * web UI with /metrics, /healthz and /readyz, and — unless the chain is off — the chain (a local
 * Anvil with the contracts deployed, or any endpoint) with anchoring and billing. Keys are created
 * on the first start and kept in the data directory. Parts stop in reverse.
 */
export async function startBackend(
  config: BackendConfig,
  logger: Logger = createLogger({ level: "silent" }),
): Promise<RunningBackend> {
  const log = lineLogger(logger);
  mkdirSync(config.dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => log(`stop: ${(e as Error).message}`));
  };
  try {
    const signer = loadOrCreateKey(join(config.dataDir, "log-key.pem"));
    const token = loadOrCreateToken(join(config.dataDir, "backend-token"));
    const db = join(config.dataDir, "ledger.db");
    const store = await openStore(config.pg ? { pg: config.pg } : { db });
    stops.push(() => store.close());
    const { ledger, ingest } = await openIngest({
      store,
      origin: config.origin,
      signer,
      verifyThreads: config.verifyThreads,
      open: (o) => StatementLedger.open(o),
      stops,
      log,
    });
    const broker = await startBroker({
      ingest,
      store,
      port: config.mqttPort,
      wsPort: config.wsPort,
      backend: { username: config.mqttUsername, password: config.mqttPassword ?? token },
      log,
    });
    stops.push(() => broker.close());
    const metrics = new BackendMetrics({
      ingest: () => ingest.metrics(),
      broker: () => broker.metrics(),
      store,
      ...(config.pg ? {} : { diskBytes: () => fileBytes(db) + fileBytes(`${db}-wal`) }),
    });
    stops.push(async () => metrics.close());
    const unwatch = ledger.onAppended((e) => metrics.outbox.observe(e.statement));
    stops.push(async () => void unwatch());
    const chain = await connectChain(config);
    if (chain) stops.push(() => chain.stop());
    let anchor: AnchorService | undefined;
    let billing: BillingService | undefined;
    if (chain) {
      const on = { chain: chain.clients, deployment: chain.deployment };
      anchor = new AnchorService({ ledger, ...on, everyMs: config.anchorEveryMs, log });
      await anchor.load().catch((e) => log(`anchor: ${(e as Error).message}`)); // the last one, after a restart
      anchor.start();
      stops.push(async () => anchor?.stop());
      // Billing: its key is the delegate providers name; redemptions are sent from the chain account.
      billing = new BillingService({
        ledger,
        ...on,
        signer: loadOrCreateKey(join(config.dataDir, "billing-key.pem")),
        journal: join(config.dataDir, "billing-journal.jsonl"),
        log,
      });
      billing.on("error", (e) => log(`billing: ${(e as Error).message}`));
      stops.push(async () => billing?.close());
      await billing.recover();
      const pay = await startPaySubscriber({
        url: `mqtt://127.0.0.1:${broker.port}`,
        username: config.mqttUsername,
        password: config.mqttPassword ?? token,
        billing,
      });
      stops.push(() => pay.close());
    }
    const ops = operationsRoutes({
      registry: metrics.registry,
      checks: {
        ledger: async () => void (await store.size()),
        broker: async () => {
          if (broker.listening.length === 0 || broker.aedes.closed) throw new Error("not listening");
        },
        ...(chain ? { chain: async () => void (await chain.clients.public.getBlockNumber()) } : {}),
      },
    });
    const api = await serveApi({
      ledger,
      prefix: config.prefix,
      port: config.httpPort,
      routes: [ops, ...(billing ? [billingRoutes({ billing, ...(anchor ? { anchor } : {}) })] : [])],
      anchor: () => anchor?.last,
    });
    metrics.watchProofs(api.server);
    stops.push(() => api.close());
    return {
      ledger,
      ingest,
      broker,
      api,
      chain,
      anchor,
      billing,
      metrics,
      logKey: didKeyFromPublicKey(signer.publicKey),
      urls: {
        http: [`http://[::1]:${api.port}`, `http://127.0.0.1:${api.port}`],
        mqtt: [`mqtt://[::1]:${broker.port}`, `mqtt://127.0.0.1:${broker.port}`],
        ws: broker.wsPort === undefined ? undefined : `ws://[::1]:${broker.wsPort}/mqtt`,
        rpc: chain?.rpcUrl,
      },
      close: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
