import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { getRequestListener } from "@hono/node-server";
import type { Logger } from "pino";
import { AnchorService } from "../anchor/index.js";
import { serveApi } from "../api/index.js";
import { connectExternalBroker, type ExternalBroker } from "../broker/index.js";
import { CrlPublisher, certificateRoute, DeviceCa } from "../deviceCa/index.js";
import { type Ingest, LeasedLedger } from "../ingest/index.js";
import { type Ledger, StatementLedger } from "../ledger/index.js";
import { BackendMetrics, HttpRefusals, lineLogger, operationsRoutes } from "../observability/index.js";
import type { BackendConfig } from "./backendConfig.js";
import { optionNames } from "./configFields.js";
import { admissionPolicy, httpLimits } from "./configViews.js";
import { connectChain } from "./connectChain.js";
import { takeDataDirectory } from "./dataDirectory.js";
import { ledgerCheck, watchFailure } from "./ledgerHealth.js";
import { openLogChecks } from "./logChecks.js";
import { openIngest } from "./openIngest.js";
import { openLedgerStore } from "./openLedgerStore.js";
import { loadOrCreateKey, loadOrCreateToken } from "./secretFile.js";
import { SharedLedgerView } from "./sharedLedgerView.js";
import { listenFailure } from "./startupError.js";

/** A running worker: its link to the external broker, its HTTP port, and `close`. */
export interface RunningWorker {
  ingest: Ingest;
  link: ExternalBroker;
  metrics: BackendMetrics;
  clientId: string;
  /** `http://[::1]:port`: the passport API and web UI (role `all`), /metrics, /healthz, /readyz. */
  http: string;
  /** Resolves with the store's error when a commit fails (not with `lease`: the lease retries). */
  failed: Promise<unknown>;
  close(): Promise<void>;
}

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
  // Leased workers share the data directory (the log key) by design; a single writer takes it.
  if (!config.lease) {
    const release = takeDataDirectory(config.dataDir, optionNames("dataDir"));
    stops.push(async () => release());
  }
  try {
    const signer = loadOrCreateKey(join(config.dataDir, "log-key.pem"));
    const names = { data: optionNames("dataDir"), pg: optionNames("pg") };
    const store = await openLedgerStore({ dataDir: config.dataDir, pg: config.pg, names });
    stops.push(() => store.close());
    const opened = await openIngest({
      store,
      origin: config.origin,
      signer,
      verifyThreads: config.verifyThreads,
      clockSkewMs: config.clockSkewMs,
      open: (o): Promise<LeasedLedger | StatementLedger> =>
        config.lease ? LeasedLedger.open({ ...o, pg: config.pg as string }) : StatementLedger.open(o),
      stops,
      log,
    });
    const { ingest } = opened;
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
    const leased = opened.ledger instanceof LeasedLedger ? opened.ledger : undefined;
    const singleLog = opened.ledger instanceof StatementLedger ? opened.ledger.log : undefined;
    const failed = singleLog ? watchFailure(singleLog, stops) : new Promise<unknown>(() => {});
    const refusals = new HttpRefusals({ log });
    const metrics = new BackendMetrics({
      ingest: () => ingest.metrics(),
      store,
      http: () => refusals.counts(),
    });
    stops.push(async () => metrics.close());
    const view = leased ? await SharedLedgerView.open({ leased }) : undefined;
    if (view) stops.push(() => view.close());
    const ledger: Ledger = view ?? opened.ledger;
    // Every worker's appends reach this one's counters of agents' outboxes (polled when shared).
    const unfeed = ledger.onAppended((e) => metrics.outbox.observe(e.statement));
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
    const { registry } = metrics;
    const anchored = () => anchor?.last;
    const logChecks = openLogChecks({
      ledger,
      store,
      intervalS: config.auditIntervalS,
      registry,
      anchored,
      log,
    });
    stops.push(() => logChecks.stop());
    const ops = operationsRoutes({
      registry: metrics.registry,
      checks: {
        ledger: singleLog ? ledgerCheck(singleLog, store) : async () => void (await store.size()),
        log: logChecks.ready,
        broker: async () => {
          if (!link.client.connected) throw new Error(`not connected to ${config.mqttUrl}`);
        },
        ...(chain ? { chain: async () => void (await chain.clients.public.getBlockNumber()) } : {}),
      },
    });
    const deviceCa =
      config.role === "all" ? await openDeviceCa(config, { store, ledger, metrics, log }) : undefined;
    if (deviceCa) stops.push(async () => deviceCa.close());
    let server: Server;
    if (config.role === "all") {
      const api = await serveApi({
        ledger,
        prefix: config.prefix,
        port: config.httpPort,
        routes: deviceCa ? [ops, deviceCa.route] : [ops],
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
      server = api.server;
    } else {
      server = await listen(getRequestListener(ops.fetch), config.httpPort).catch((e: unknown) => {
        throw listenFailure(e, optionNames("httpPort"), config.httpPort);
      });
      stops.push(() => closeServer(server));
    }
    const port = (server.address() as AddressInfo).port;
    return { ingest, link, metrics, clientId, http: `http://[::1]:${port}`, failed, close: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/**
 * The device CA of mutual-TLS mode (`device_ca`): its enrolment route, and the CRL kept in step with
 * the ledger's key revocations — synced at start, on every appended `key` statement, and daily.
 */
async function openDeviceCa(
  config: BackendConfig,
  o: {
    store: Awaited<ReturnType<typeof openLedgerStore>>;
    ledger: Ledger;
    metrics: BackendMetrics;
    log: (l: string) => void;
  },
) {
  if (config.deviceCa === undefined) return undefined;
  const ca = DeviceCa.open(config.deviceCa);
  const crl = new CrlPublisher({
    ca,
    dir: config.deviceCa,
    crlPath: config.deviceCaCrl ?? join(config.deviceCa, "crl.pem"),
    store: o.store,
    reload: config.deviceCaReload,
    log: o.log,
  });
  await crl.start();
  const unfeed = o.ledger.onAppended((e) => {
    if (e.statement.t === "key") crl.sync().catch((err: unknown) => o.log(`device-ca: ${String(err)}`));
  });
  const route = certificateRoute({ ca, store: o.store, registry: o.metrics.registry, log: o.log });
  return {
    route,
    crl,
    close() {
      unfeed();
      crl.close();
    },
  };
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
