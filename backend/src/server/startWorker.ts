import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { getRequestListener } from "@hono/node-server";
import type { Logger } from "pino";
import { AnchorService } from "../anchor/index.js";
import { ledgerFeed, serveApi } from "../api/index.js";
import { connectExternalBroker, type ExternalBroker } from "../broker/index.js";
import { type Ingest, type IngestLedger, LeasedLedger } from "../ingest/index.js";
import { openStore, StatementLedger } from "../ledger/index.js";
import { BackendMetrics, lineLogger, operationsRoutes } from "../observability/index.js";
import type { BackendConfig } from "./backendConfig.js";
import { connectChain } from "./connectChain.js";
import { openIngest } from "./openIngest.js";
import { loadOrCreateKey, loadOrCreateToken } from "./secretFile.js";
import { SharedLedgerView } from "./sharedLedgerView.js";

/** A running worker: its link to the external broker, its HTTP port, and `close`. */
export interface RunningWorker {
  ingest: Ingest;
  link: ExternalBroker;
  metrics: BackendMetrics;
  clientId: string;
  /** `http://[::1]:port`: the passport API and web UI (role `all`), /metrics, /healthz, /readyz. */
  http: string;
  close(): Promise<void>;
}

type Closable = IngestLedger & { close(): Promise<void> };

/**
 * Starts one backend worker of an external MQTT 5 broker (`mqtt_url`): an MQTT client on the shared
 * subscription feeding the ingest, appending to the ledger — under the PostgreSQL advisory-lock
 * lease when several workers share it (`lease = true`). With `role = all` it also serves the passport
 * API and web UI (over a `SharedLedgerView` when leased) and anchors on the configured chain; with
 * `role = ingest` only /metrics, /healthz and /readyz. Workers of one log share its key
 * (`DATA/log-key.pem`). Billing needs the embedded broker and stays off here.
 */
export async function startWorker(config: BackendConfig, logger: Logger): Promise<RunningWorker> {
  const log = lineLogger(logger);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => log(`stop: ${(e as Error).message}`));
  };
  try {
    const signer = loadOrCreateKey(join(config.dataDir, "log-key.pem"));
    const db = join(config.dataDir, "ledger.db");
    const store = await openStore(config.pg ? { pg: config.pg } : { db });
    stops.push(() => store.close());
    let leased: LeasedLedger | undefined;
    let single: StatementLedger | undefined;
    const { ingest } = await openIngest({
      store,
      origin: config.origin,
      signer,
      verifyThreads: config.verifyThreads,
      open: async (o): Promise<Closable> => {
        if (config.lease) leased = await LeasedLedger.open({ ...o, pg: config.pg as string });
        else single = await StatementLedger.open(o);
        return (leased ?? single) as Closable;
      },
      stops,
      log,
    });
    const clientId = `tet-backend-${config.workerId}`;
    const link = await connectExternalBroker({
      url: config.mqttUrl as string,
      ingest,
      username: config.mqttUsername,
      password: config.mqttPassword ?? loadOrCreateToken(join(config.dataDir, "backend-token")),
      clientId,
      watchSubscriptions: config.watchSubscriptions,
      log,
    });
    stops.push(() => link.close());
    const metrics = new BackendMetrics({ ingest: () => ingest.metrics(), store });
    stops.push(async () => metrics.close());
    const view = leased ? await SharedLedgerView.open({ leased, origin: config.origin }) : undefined;
    if (view) stops.push(() => view.close());
    const ledger = view ? view.asStatementLedger() : (single as StatementLedger);
    // Every worker's appends reach this one's counters of agents' outboxes (polled when shared).
    const unfeed = ledgerFeed(ledger, { pollMs: 1000 })((e) => metrics.outbox.observe(e.statement));
    stops.push(async () => unfeed());
    const chain = config.role === "all" ? await connectChain(config) : undefined;
    if (chain) stops.push(() => chain.stop());
    let anchor: AnchorService | undefined;
    if (chain && config.anchorEveryMs > 0) {
      anchor = new AnchorService({
        ledger,
        chain: chain.clients,
        deployment: chain.deployment,
        everyMs: config.anchorEveryMs,
        log,
      });
      await anchor.load().catch((e) => log(`anchor: ${(e as Error).message}`));
      anchor.start();
      stops.push(async () => anchor?.stop());
    }
    const ops = operationsRoutes({
      registry: metrics.registry,
      checks: {
        ledger: async () => void (await store.size()),
        broker: async () => {
          if (!link.client.connected) throw new Error(`not connected to ${config.mqttUrl}`);
        },
        ...(chain ? { chain: async () => void (await chain.clients.public.getBlockNumber()) } : {}),
      },
    });
    let server: Server;
    if (config.role === "all") {
      const api = await serveApi({
        ledger,
        prefix: config.prefix,
        port: config.httpPort,
        routes: [ops],
        anchor: () => anchor?.last,
      });
      metrics.watchProofs(api.server);
      stops.push(() => api.close());
      server = api.server;
    } else {
      server = await listen(getRequestListener(ops.fetch), config.httpPort);
      stops.push(() => closeServer(server));
    }
    const port = (server.address() as AddressInfo).port;
    return { ingest, link, metrics, clientId, http: `http://[::1]:${port}`, close: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

function listen(handler: ReturnType<typeof getRequestListener>, port: number): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host: "::", ipv6Only: false }, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
