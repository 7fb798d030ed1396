import { parseArgs, UsageError } from "../cli/dispatch.js";
import type { Command } from "../cli/io.js";
import { type BackendConfig, backendConfig, CONFIG_ENV } from "./backendConfig.js";
import { startBackend } from "./startBackend.js";

const OPTIONS = [
  "data",
  "http-port",
  "mqtt-port",
  "ws-port",
  "pg",
  "origin",
  "prefix",
  "chain",
  "anchor-ms",
] as const;

/**
 * `tet-backend serve`: runs the backend (ledger, broker and ingest, passport API and web UI, local
 * chain and anchoring) until SIGINT or SIGTERM. Prints one JSON line when ready: the URLs, the log
 * key and the contracts' addresses, so scripts (npm start) and people know where everything is.
 */
export const serve: Command = {
  name: "serve",
  summary: "run the backend: ledger, MQTT broker and ingest, passport API and web UI, local chain",
  usage: `serve [--data DIR] [--http-port N] [--mqtt-port N] [--ws-port N] [--pg URL] [--origin O] [--prefix P] [--chain anvil|off] [--anchor-ms N]\n  (each also from the environment: ${Object.values(CONFIG_ENV).join(", ")})`,
  async run(args, io) {
    const { options, positional } = parseArgs(args, OPTIONS);
    if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
    const env = { ...process.env };
    const set = (flag: (typeof OPTIONS)[number], key: keyof BackendConfig) => {
      const v = options.get(flag);
      if (v !== undefined) env[CONFIG_ENV[key]] = v;
    };
    set("data", "dataDir");
    set("http-port", "httpPort");
    set("mqtt-port", "mqttPort");
    set("ws-port", "wsPort");
    set("pg", "pg");
    set("origin", "origin");
    set("prefix", "prefix");
    set("chain", "chain");
    set("anchor-ms", "anchorEveryMs");
    let config: BackendConfig;
    try {
      config = backendConfig(env);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const backend = await startBackend(config, (line) => io.stderr(`${line}\n`));
    io.stdout(
      `${JSON.stringify({
        ready: true,
        logKey: backend.logKey,
        ...backend.urls,
        deployment: backend.chain?.deployment,
      })}\n`,
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await backend.close();
    return 0;
  },
};
