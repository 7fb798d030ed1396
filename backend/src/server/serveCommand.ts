import { parseArgs, UsageError } from "../cli/dispatch.js";
import type { Command } from "../cli/io.js";
import { createLogger } from "../observability/index.js";
import { type BackendConfig, loadBackendConfig } from "./backendConfig.js";
import { BACKEND_OPTIONS } from "./backendOptions.js";
import { ConfigError } from "./configError.js";
import { startBackend } from "./startBackend.js";
import { startWorker } from "./startWorker.js";

const FLAGS = ["config", ...BACKEND_OPTIONS.map((o) => o.flag.slice(2))];

/**
 * `tet-backend serve`: runs the backend (ledger, broker and ingest, passport API and web UI, chain
 * and anchoring) — or, with `mqtt_url`, one worker of an external MQTT 5 broker — until SIGINT
 * or SIGTERM. Configuration: defaults < `--config FILE` / `TET_CONFIG` < `TET_*` < flags; a bad value
 * prints one line naming the key and exits 2. Logs are pino JSON lines on stderr; stdout has one
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
      } else {
        const b = await startBackend(config, logger);
        ready = { ready: true, logKey: b.logKey, ...b.urls, deployment: b.chain?.deployment };
        close = b.close;
      }
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      io.stderr(`tet-backend serve: configuration: ${e.message}\n`);
      return 2;
    }
    logger.info({ component: "serve", ...ready }, "ready");
    io.stdout(`${JSON.stringify(ready)}\n`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    logger.info({ component: "serve" }, "stopping");
    await close();
    logger.info({ component: "serve" }, "stopped");
    return 0;
  },
};
