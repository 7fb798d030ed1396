import { statSync } from "node:fs";
import { join } from "node:path";
import { didKeyFromPublicKey } from "@tet/schemas";
import type { Logger } from "pino";
import { AnchorService } from "../anchor/index.js";
import { type ServedApi, serveApi } from "../api/index.js";
import { BillingService, billingRoutes, payerFamily, servePayTopics } from "../billing/index.js";
import { type Broker, startBroker } from "../broker/index.js";
import { economyRoutes } from "../economy/index.js";
import type { Ingest } from "../ingest/index.js";
import { StatementLedger } from "../ledger/index.js";
import {
  BackendMetrics,
  createLogger,
  HttpRefusals,
  lineLogger,
  operationsRoutes,
} from "../observability/index.js";
import type { BackendConfig } from "./backendConfig.js";
import { optionNames } from "./configFields.js";
import { admissionPolicy, httpLimits } from "./configViews.js";
import { type BackendChain, connectChain } from "./connectChain.js";
import { takeDataDirectory } from "./dataDirectory.js";
import { ledgerCheck, watchFailure } from "./ledgerHealth.js";
import { type LogChecks, openLogChecks } from "./logChecks.js";
import { openIngest } from "./openIngest.js";
import { openLedgerStore } from "./openLedgerStore.js";
import { loadOrCreateKey, loadOrCreateToken } from "./secretFile.js";
import { listenFailure } from "./startupError.js";

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
  /** The log's self-checks: what the API serves through, and the periodic audit (`audit.run()`). */
  logChecks: LogChecks;
  /** The log key as a did:key: what `tet verify --log-key` and agents' `log_key` need. */
  logKey: string;
  urls: { http: string[]; mqtt: string[]; ws: string | undefined; rpc: string | undefined };
  /**
   * Resolves with the store's error if a commit fails: the ledger is closed for good from then on
   * (what was staged after the failed batch is gone from memory only) and /readyz says so; the owner
   * of the process should exit so that its supervisor restarts the backend on what is committed.
   */
  failed: Promise<unknown>;
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
 * on the first start and kept in the data directory, which this process locks. Parts stop in reverse.
 * What an operator can fix (a port in use, an unusable or locked data directory, a damaged
 * database, an unreachable PostgreSQL, an empty secret) rejects with a one-line StartupError.
 */
export async function startBackend(
  config: BackendConfig,
  logger: Logger = createLogger({ level: "silent" }),
): Promise<RunningBackend> {
  const log = lineLogger(logger);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => log(`stop: ${(e as Error).message}`));
  };
  const release = takeDataDirectory(config.dataDir, optionNames("dataDir"));
  stops.push(async () => release());
  try {
    const signer = loadOrCreateKey(join(config.dataDir, "log-key.pem"));
    const token = loadOrCreateToken(join(config.dataDir, "backend-token"));
    const db = join(config.dataDir, "ledger.db");
    const names = { data: optionNames("dataDir"), pg: optionNames("pg") };
    const store = await openLedgerStore({ dataDir: config.dataDir, pg: config.pg, names });
    stops.push(() => store.close());
    const { ledger, ingest } = await openIngest({
      store,
      origin: config.origin,
      signer,
      verifyThreads: config.verifyThreads,
      clockSkewMs: config.clockSkewMs,
      open: (o) => StatementLedger.open(o),
      stops,
      log,
    });
    const failed = watchFailure(ledger.log, stops);
    const broker = await startBroker({
      ingest,
      store,
      port: config.mqttPort,
      wsPort: config.wsPort,
      backend: { username: config.mqttUsername, password: config.mqttPassword ?? token },
      // Payers log in with their EIP-712 login even with the chain off (their vouchers then go unanswered).
      families: [payerFamily()],
      limits: {
        maxPacketBytes: config.mqttMaxPacket,
        maxOutgoingBytes: config.mqttMaxOutgoingBytes,
        maxOutgoingMessages: config.mqttMaxOutgoingMessages,
        maxOfflineMessages: config.mqttOfflineQueue,
        publishRate: config.mqttPublishRate,
        publishBurst: config.mqttPublishBurst,
        loginsPerDevicePerMinute: config.mqttDeviceLoginsPerMinute,
        loginBurstPerDevice: config.mqttDeviceLoginBurst,
        loginsPerAddressPerSecond: config.mqttAddressLoginsPerSecond,
        loginBurstPerAddress: config.mqttAddressLoginBurst,
        maxPendingLogins: config.mqttPendingLogins,
        maxConnectingPerAddress: config.mqttConnectingPerAddress,
      },
      // Each device's last accepted login, so that a captured one cannot be replayed after a restart.
      loginBook: join(config.dataDir, "broker.db"),
      log,
    }).catch((e: unknown) => {
      const ws = (e as { port?: number }).port === config.wsPort && config.wsPort !== 0;
      throw ws
        ? listenFailure(e, optionNames("wsPort"), config.wsPort)
        : listenFailure(e, optionNames("mqttPort"), config.mqttPort);
    });
    stops.push(() => broker.close());
    const refusals = new HttpRefusals({ log });
    const metrics = new BackendMetrics({
      ingest: () => ingest.metrics(),
      broker: () => broker.metrics(),
      http: () => refusals.counts(),
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
      const stopPay = servePayTopics({ broker, billing });
      stops.push(async () => stopPay());
    }
    const logChecks = openLogChecks({
      ledger,
      store,
      intervalS: config.auditIntervalS,
      registry: metrics.registry,
      anchored: () => anchor?.last,
      log,
    });
    stops.push(() => logChecks.stop());
    const ops = operationsRoutes({
      registry: metrics.registry,
      checks: {
        ledger: ledgerCheck(ledger.log, store),
        log: logChecks.ready,
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
      routes: [
        ops,
        ...(billing ? [billingRoutes({ billing, ...(anchor ? { anchor } : {}) })] : []),
        ...(chain ? [economyRoutes(chain)] : []),
      ],
      anchor: () => anchor?.last,
      rateLimit: httpLimits(config),
      admission: admissionPolicy(config),
      onRefusal: refusals.record,
      integrity: logChecks.integrity,
    }).catch((e: unknown) => {
      throw listenFailure(e, optionNames("httpPort"), config.httpPort);
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
      logChecks,
      logKey: didKeyFromPublicKey(signer.publicKey),
      urls: {
        http: [`http://[::1]:${api.port}`, `http://127.0.0.1:${api.port}`],
        mqtt: [`mqtt://[::1]:${broker.port}`, `mqtt://127.0.0.1:${broker.port}`],
        ws: broker.wsPort === undefined ? undefined : `ws://[::1]:${broker.wsPort}/mqtt`,
        rpc: chain?.rpcUrl,
      },
      failed,
      close: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
