import type { Command } from "../commandLine/index.js";
import { parseArgs, UsageError } from "../commandLine/index.js";
import { createLogger } from "../observability/index.js";
import { type BackendConfig, loadBackendConfig } from "./backendConfig.js";
import { BACKEND_OPTIONS } from "./backendOptions.js";
import { ConfigError } from "./configError.js";
import { startBackend } from "./startBackend.js";
import { StartupError } from "./startupError.js";
import { startWorker } from "./startWorker.js";

const FLAGS = ["config", ...BACKEND_OPTIONS.map((o) => o.flag.slice(2))];

/**
 * `tet-backend serve`: runs the backend (ledger, broker and ingest, passport API and web UI, chain
 * and anchoring) — or, with `mqtt_url`, one worker of an external MQTT 5 broker — until SIGINT
 * or SIGTERM. Configuration: defaults < `--config FILE` / `TET_CONFIG` < `TET_*` < flags; a bad value,
 * or a start that fails for a reason the operator can fix (port in use, data directory unusable or
 * held by another backend, damaged database, unreachable PostgreSQL, empty secret), prints one line
 * naming the option and exits 2. If the ledger's store fails while running, it logs why, stops and
 * exits 1, for the supervisor to restart it. Logs are pino JSON lines on stderr; stdout has one
 * JSON line when ready (URLs, log key, contracts), so scripts (npm start) and people know where
 * everything is.
 */
export const serve: Command = {
  name: "serve",
  summary: "run the backend: ledger, MQTT broker and ingest, passport API and web UI, chain",
  usage: `serve [--config FILE] ${BACKEND_OPTIONS.map((o) => `[${o.flag} …]`).join(" ")}\n  (each also from the environment: TET_CONFIG, ${BACKEND_OPTIONS.map((o) => o.env).join(", ")})`,
  async run(args, io) {
    const { options, positional } = parseArgs(args, FLAGS);
    if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
    let config: BackendConfig;
    try {
      config = loadBackendConfig({ env: process.env, flags: options });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      io.stderr(`tet-backend serve: configuration: ${e.message}\n`);
      return 2;
    }
    const logger = createLogger({ level: config.logLevel });
    let ready: Record<string, unknown>;
    let close: () => Promise<void>;
    let failed: Promise<unknown>;
    try {
      if (config.mqttUrl !== undefined) {
        const w = await startWorker(config, logger);
        ready = {
          ready: true,
          role: config.role,
          clientId: w.clientId,
          http: [w.http],
          mqtt: [config.mqttUrl],
        };
        close = w.close;
        failed = w.failed;
      } else {
        const b = await startBackend(config, logger);
        ready = { ready: true, logKey: b.logKey, ...b.urls, deployment: b.chain?.deployment };
        close = b.close;
        failed = b.failed;
      }
    } catch (e) {
      if (e instanceof StartupError) {
        io.stderr(`tet-backend serve: cannot start: ${e.message}\n`);
        return 2;
      }
      if (!(e instanceof ConfigError)) throw e;
      io.stderr(`tet-backend serve: configuration: ${e.message}\n`);
      return 2;
    }
    logger.info({ component: "serve", ...ready }, "ready");
    io.stdout(`${JSON.stringify(ready)}\n`);
    let onSignal = () => {};
    const signalled = new Promise<"signal">((resolve) => {
      onSignal = () => resolve("signal");
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
    });
    const why = await Promise.race([signalled, failed.then((e) => ({ error: e }))]);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (why !== "signal") {
      const msg = `the ledger's store failed (${String(why.error)}); exiting so that the supervisor restarts the backend on what is committed`;
      logger.fatal({ component: "serve" }, msg);
      io.stderr(`tet-backend serve: ${msg}\n`);
    } else logger.info({ component: "serve" }, "stopping");
    await close();
    logger.info({ component: "serve" }, "stopped");
    return why === "signal" ? 0 : 1;
  },
};
