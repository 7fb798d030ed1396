import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Logger } from "pino";
import { connectExternalBroker, type ExternalBroker } from "../broker/index.js";
import { type Ingest, type IngestLedger, LeasedLedger } from "../ingest/index.js";
import { openStore, StatementLedger } from "../ledger/index.js";
import { BackendMetrics, lineLogger, operationsRoutes } from "../observability/index.js";
import type { BackendConfig } from "./backendConfig.js";
import { openIngest } from "./openIngest.js";
import { loadOrCreateKey, loadOrCreateToken } from "./secretFile.js";

/** A running ingest worker: its link to the external broker, and its operations port. */
export interface RunningWorker {
  ingest: Ingest;
  link: ExternalBroker;
  metrics: BackendMetrics;
  clientId: string;
  /** `http://[::1]:port`: /metrics, /healthz, /readyz. */
  http: string;
  close(): Promise<void>;
}

/**
 * Starts one ingest worker (`role = ingest`): an MQTT 5 client of the external broker on the shared
 * subscription, appending to the PostgreSQL ledger — under the advisory-lock lease when several
 * workers share it (`lease = true`) — and serving only /metrics, /healthz and /readyz. Every worker
 * of one log needs the same log key: give them the same data directory contents (`log-key.pem`).
 */
export async function startIngestWorker(config: BackendConfig, logger: Logger): Promise<RunningWorker> {
  const log = lineLogger(logger);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => log(`stop: ${(e as Error).message}`));
  };
  try {
    const signer = loadOrCreateKey(`${config.dataDir}/log-key.pem`);
    const pg = config.pg as string;
    const store = await openStore({ pg });
    stops.push(() => store.close());
    const { ingest } = await openIngest({
      store,
      origin: config.origin,
      signer,
      verifyThreads: config.verifyThreads,
      // Several workers share one PostgreSQL ledger under the lease; alone, one writer is enough.
      open: (o): Promise<IngestLedger & { close(): Promise<void> }> =>
        config.lease ? LeasedLedger.open({ ...o, pg }) : StatementLedger.open(o),
      stops,
      log,
    });
    const clientId = `tet-backend-${config.workerId}`;
    const link = await connectExternalBroker({
      url: config.mqttUrl as string,
      ingest,
      username: config.mqttUsername,
      password: config.mqttPassword ?? loadOrCreateToken(`${config.dataDir}/backend-token`),
      clientId,
      watchSubscriptions: config.watchSubscriptions,
      log,
    });
    stops.push(() => link.close());
    const metrics = new BackendMetrics({ ingest: () => ingest.metrics(), store });
    stops.push(async () => metrics.close());
    const ops = operationsRoutes({
      registry: metrics.registry,
      checks: {
        ledger: async () => void (await store.size()),
        broker: async () => {
          if (!link.client.connected) throw new Error(`not connected to ${config.mqttUrl}`);
        },
      },
    });
    const server = createServer(getRequestListener(ops.fetch));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: config.httpPort, host: "::", ipv6Only: false }, () => resolve());
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const port = (server.address() as AddressInfo).port;
    return { ingest, link, metrics, clientId, http: `http://[::1]:${port}`, close: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
