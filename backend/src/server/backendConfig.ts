import { join } from "node:path";
import { DEFAULT_AVATAR_PREFIX } from "@tet/schemas";

/** Where the backend keeps its state and how it is reached. Every field has an embedded default. */
export interface BackendConfig {
  /** Ledger database, keys and chain state live here (default `./data`). */
  dataDir: string;
  /** HTTP API and web UI port on `::` (dual-stack, so also 127.0.0.1); default 8080. */
  httpPort: number;
  /** MQTT over TCP on `::` and 0.0.0.0; default 1883. */
  mqttPort: number;
  /** MQTT over WebSocket (browsers); default 8083; 0 picks a free port. */
  wsPort: number;
  /** A PostgreSQL URL for the ledger instead of SQLite in the data directory. */
  pg: string | undefined;
  /** The log's origin line in its checkpoints. */
  origin: string;
  /** The IPv6 /64 the avatars' addresses come from. */
  prefix: string;
  /** `anvil`: a local chain in the data directory; `off`: no chain (no settlement, no anchoring). */
  chain: "anvil" | "off";
  /** Anchor the log's checkpoint on chain this often; 0 = never. Default 5 minutes. */
  anchorEveryMs: number;
}

/** Environment variables that override the defaults, one per field. */
export const CONFIG_ENV = {
  dataDir: "TET_DATA",
  httpPort: "TET_HTTP_PORT",
  mqttPort: "TET_MQTT_PORT",
  wsPort: "TET_WS_PORT",
  pg: "TET_PG",
  origin: "TET_ORIGIN",
  prefix: "TET_PREFIX",
  chain: "TET_CHAIN",
  anchorEveryMs: "TET_ANCHOR_MS",
} as const satisfies Record<keyof BackendConfig, string>;

/** The embedded defaults, overridden by `TET_*` environment variables and then by `overrides`. */
export function backendConfig(env: NodeJS.ProcessEnv, overrides: Partial<BackendConfig> = {}): BackendConfig {
  const num = (name: string, fallback: number): number => {
    const v = env[name];
    if (v === undefined || v === "") return fallback;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new Error(`${name} must be a whole number, got ${JSON.stringify(v)}`);
    return n;
  };
  const chain = env[CONFIG_ENV.chain] ?? "anvil";
  if (chain !== "anvil" && chain !== "off") throw new Error(`${CONFIG_ENV.chain} must be anvil or off`);
  const config: BackendConfig = {
    dataDir: env[CONFIG_ENV.dataDir] ?? join(".", "data"),
    httpPort: num(CONFIG_ENV.httpPort, 8080),
    mqttPort: num(CONFIG_ENV.mqttPort, 1883),
    wsPort: num(CONFIG_ENV.wsPort, 8083),
    pg: env[CONFIG_ENV.pg] || undefined,
    origin: env[CONFIG_ENV.origin] ?? "tet-avatars.local/log",
    prefix: env[CONFIG_ENV.prefix] ?? DEFAULT_AVATAR_PREFIX,
    chain,
    anchorEveryMs: num(CONFIG_ENV.anchorEveryMs, 5 * 60_000),
  };
  return { ...config, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}
